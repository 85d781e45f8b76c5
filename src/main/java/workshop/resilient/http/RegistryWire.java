package workshop.resilient.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import workshop.membership.http.MembershipRoutes;
import workshop.resilient.EventLog;
import workshop.support.json.Json;

/**
 * The registry's own endpoints on the wire (its membership endpoints are in {@link
 * workshop.membership.http.MembershipWire}), with the original's field names where it had the
 * endpoint. {@link RegistryClient} reads these same records.
 */
public final class RegistryWire {
  private RegistryWire() {}

  /**
   * {@code POST /data}. Both fields are required; a number or boolean is taken as its text. The
   * reader lets them be absent so that the registry refuses them in its own words.
   */
  public record Write(@Json.Optional String key, @Json.Optional String value) {}

  /**
   * The answer to a write that met its quorum.
   *
   * @param replica_nodes the key's replicas, in preference order
   * @param written_to those that acknowledged it
   */
  public record Written(
      String status,
      boolean quorum_met,
      String key,
      @Json.Optional Long version,
      int N,
      int W,
      int acks,
      List<String> replica_nodes,
      List<String> written_to,
      String message) {}

  /**
   * The answer to a write that did not meet its quorum, {@code detail} as the original had it: 503
   * when replicas did not answer, 409 when one answered but kept a newer value of its own.
   */
  public record NotMet(String error, NotMetDetail detail, int status) {}

  /**
   * Why a write did not meet its quorum.
   *
   * @param failures the replicas that did not store it, and why (the original's field)
   * @param replicas every replica's outcome, in preference order: stored, refused or unreachable
   * @param retry_above set when a replica refused: the version the next write must beat (the
   *     registry's next write goes above it, so a retry wins)
   */
  public record NotMetDetail(
      String error,
      int N,
      int W,
      int acks,
      int required,
      List<Failure> failures,
      @Json.Optional String message,
      @Json.Optional List<ReplicaOutcome> replicas,
      @Json.Optional Long retry_above) {}

  /** A replica that did not store a write, and why. */
  public record Failure(String node_id, String error) {}

  /**
   * What one replica did with a write: {@code stored}, {@code refused} (it answered, but keeps a
   * newer value: {@code holds} says which version) or {@code unreachable}.
   */
  public record ReplicaOutcome(
      String node_id, String outcome, String detail, @Json.Optional Long holds) {}

  /** The answer to {@code GET /data/{key}}: the newest value its replicas hold. */
  public record Read(
      String node_id,
      String key,
      String value,
      long version,
      String served_by,
      @Json.Optional List<String> replica_nodes,
      @Json.Optional List<String> answered,
      @Json.Optional List<String> read_repaired,
      @Json.Optional Integer R) {}

  /**
   * The answer to {@code POST /kill/{id}}: {@code "killed"} or {@code "marked_dead"}, as the
   * original's, with its {@code tip} (which the original gave only when marking dead, so a client
   * reading the original registry's answer finds none).
   */
  public record Killed(
      String status,
      String node_id,
      boolean process_terminated,
      String message,
      @Json.Optional String tip) {}

  /** The answer to {@code POST /restart/{id}}. */
  public record Restarting(
      String status, String node_id, int port, String address, String message) {}

  /** The answer to {@code POST /scale-up}. */
  public record Spawned(String status, String node_id, int port, String message) {}

  /**
   * {@code GET /ring}: where keys live.
   *
   * @param replicas N, replicas per key
   * @param joining members being handed their keys, not on the ring yet
   */
  public record Ring(
      int virtual_nodes,
      int replicas,
      int w,
      int r,
      List<RingNode> nodes,
      List<String> joining,
      List<KeyReplicas> keys) {}

  /** A member on the ring: its share of it and its positions, as fractions from 0 to 1. */
  public record RingNode(String node_id, String status, double share, List<Double> positions) {}

  /** A key's replicas, in preference order. */
  public record KeyReplicas(String key, List<String> replicas) {}

  /**
   * {@code GET /events}, newest last. A node answers the same with its {@code node_id} added
   * ({@link ResilientNodeWire.NodeEvents}); this record reads both.
   */
  public record Events(List<Event> events) {}

  /** An event line, with when it happened and how long ago that was when answered. */
  public record Event(String at, Double seconds_ago, String line) {}

  /** The events of a log as {@code GET /events} answers them, newest last, with their age now. */
  public static List<Event> events(EventLog log) {
    Instant now = log.now();
    List<Event> list = new ArrayList<>();
    for (EventLog.Event e : log.recent()) {
      list.add(new Event(e.at().toString(), MembershipRoutes.secondsSince(e.at(), now), e.line()));
    }
    return list;
  }

  /**
   * Any error answer: {@code {"error", "detail", "status"}}. {@code detail} is a sentence, or an
   * object for a quorum refusal (as the original's).
   */
  public record Refusal(
      @Json.Optional String error, @Json.Optional Object detail, @Json.Optional Integer status) {}
}
