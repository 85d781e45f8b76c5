package workshop.membership.http;

import java.util.List;
import workshop.support.json.Json;

/**
 * The registry's membership endpoints on the wire, with the original's field names. Fields the
 * original did not send are optional to a reader, so the workshop's clients also read the
 * original's registry.
 */
public final class MembershipWire {
  private MembershipWire() {}

  /**
   * {@code POST /heartbeat}. The node says where it is reached ({@code address}, or just {@code
   * port} on this machine) and how many keys it holds. {@code node_id} is required, but refused in
   * the registry's own words (with an example), so the reader lets it be absent.
   */
  public record Heartbeat(
      @Json.Optional String node_id,
      @Json.Optional String address,
      @Json.Optional Integer port,
      @Json.Optional Integer data_count) {}

  /**
   * A member as a heartbeat answer lists it. {@code proved_token}: a heartbeat that proved the
   * cluster's token said the member is at {@code address}, so members may send the token there
   * (absent from the original's registry: never).
   */
  public record Peer(
      String node_id, String address, int port, @Json.Optional Boolean proved_token) {}

  /**
   * The answer to a heartbeat: the alive members ({@code nodes}, as the original), and the members
   * that hold data ({@code members}: the ring a node uses for anti-entropy).
   */
  public record HeartbeatAnswer(
      String status, List<Peer> nodes, @Json.Optional List<Peer> members) {}

  /**
   * A registry's refusal: ours says {@code error} and {@code detail}, the original's {@code
   * detail}.
   */
  public record Refusal(@Json.Optional String error, String detail) {}

  /** {@code POST /deregister}: a node leaving on purpose. */
  public record Deregister(@Json.Optional String node_id) {}

  /** A plain {@code {"status": "ok"}}. */
  public record Status(String status) {}

  /** {@code GET /}: how many members, and how many serve. */
  public record Summary(String service, int total_nodes, long alive_nodes, long dead_nodes) {}

  /** {@code GET /nodes}. */
  public record Nodes(List<Node> nodes) {}

  /**
   * A member in {@code GET /nodes}.
   *
   * @param last_seen seconds since its last heartbeat, to one decimal
   * @param reason why it has its status
   * @param proved_token whether a heartbeat that proved the cluster's token named {@code address}:
   *     the smart client sends its token to such members only
   */
  public record Node(
      String node_id,
      String address,
      int port,
      String status,
      double last_seen,
      @Json.Optional String reason,
      @Json.Optional Boolean proved_token) {}

  /** {@code GET /cluster-status}: the cluster's health at a glance. */
  public record ClusterStatus(
      String timestamp,
      int total_nodes,
      long alive_count,
      long dead_count,
      List<StatusLine> nodes,
      String health) {}

  /** A member in {@code GET /cluster-status}. */
  public record StatusLine(
      String node_id,
      String address,
      String status,
      double last_seen_seconds_ago,
      @Json.Optional String reason) {}
}
