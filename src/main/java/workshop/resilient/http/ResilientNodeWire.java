package workshop.resilient.http;

import java.util.List;
import java.util.Map;
import workshop.quorum.QuorumWrite;
import workshop.quorum.Versioned;
import workshop.support.json.Json;

/**
 * A capstone node on the wire, with the original's field names. The registry, the other nodes, the
 * smart client and the dashboard read its answers through these same records.
 */
public final class ResilientNodeWire {
  private ResilientNodeWire() {}

  /**
   * {@code POST /data}: a direct write. Without a version the node stores one above its own.
   * Required fields are refused in the node's own words, so they may be absent to the reader.
   */
  public record Write(
      @Json.Optional String key, @Json.Optional String value, @Json.Optional Long version) {}

  /** The answer to {@code POST /data}. */
  public record Stored(String status, String node_id, String key, long version, String value) {}

  /** {@code GET /data/{key}}. */
  public record Entry(String node_id, String key, String value, long version) {}

  /**
   * {@code POST /replicate}: a copy from the registry, a peer (anti-entropy) or the smart client;
   * the node keeps it if it is newer than what it has.
   */
  public record Replicate(
      @Json.Optional String key,
      @Json.Optional String value,
      @Json.Optional Long version,
      @Json.Optional String source_node) {}

  /** The answer to a replicate the node kept. */
  public record Accepted(String status, long version) {}

  /**
   * The answer to a replicate as old as or older than what the node has: it keeps its own. The
   * original answered the first three fields; {@code current_value} lets a coordinator tell a copy
   * of its own write (already there) from another write at the same version.
   */
  public record Rejected(
      String status, String reason, long current_version, String current_value) {}

  /**
   * Either answer to {@code POST /replicate}, as a coordinator reads it: {@code "accepted"} with
   * the version, or {@code "rejected"} with what the node keeps (the original's nodes say the
   * version only).
   */
  public record ReplicateAnswer(
      String status,
      @Json.Optional Long version,
      @Json.Optional String reason,
      @Json.Optional Long current_version,
      @Json.Optional String current_value) {
    /** What this answer to a write of {@code sent} means for the quorum. */
    public QuorumWrite.Ack ack(String replica, Versioned sent) {
      if ("accepted".equals(status)) {
        return QuorumWrite.Ack.stored(replica);
      }
      if ("rejected".equals(status) && current_version != null) {
        return QuorumWrite.Ack.answer(
            replica, sent, false, new QuorumWrite.Held(current_value, current_version));
      }
      return QuorumWrite.Ack.failed(
          replica, "answered status '" + status + "'" + (reason == null ? "" : ": " + reason));
    }
  }

  /**
   * {@code POST /gossip}: the original node's anti-entropy, one key at a time; the same fields as a
   * replicate.
   */
  public record Gossip(
      @Json.Optional String key,
      @Json.Optional String value,
      @Json.Optional Long version,
      @Json.Optional String source_node) {}

  /**
   * The answer to {@code POST /gossip}, as the original's: {@code accepted} with the version now
   * held, or {@code already_synced} with the version both hold.
   */
  public record Gossiped(String action, long version) {}

  /** The answer to {@code POST /gossip} when the node holds a newer version: {@code have_newer}. */
  public record HaveNewer(String action, long my_version) {}

  /** {@code GET /gossip-events}: the last copies anti-entropy made here, newest last. */
  public record GossipEvents(String node_id, List<GossipEvent> events, long total_events) {}

  /**
   * One copy, as the original's dashboard reads it: {@code time} in seconds since 1970 (to the
   * millisecond, written out as the original's Python writes it: 1796088426.699), the key, who it
   * came {@code from} and went {@code to}, the {@code action} ({@code accepted}) and the version.
   */
  public record GossipEvent(
      java.math.BigDecimal time, String key, String from, String to, String action, long version) {}

  /** {@code GET /keys}. */
  public record Keys(String node_id, List<String> keys, int count) {}

  /** {@code GET /digest}: every key the node holds, with its version (for anti-entropy). */
  public record Digest(String node_id, Map<String, Long> versions) {}

  /** {@code GET /}. */
  public record Running(String node_id, String status, int data_count) {}

  /** {@code GET /events}: the node's repairs. */
  public record NodeEvents(String node_id, List<RegistryWire.Event> events) {}

  /** {@code POST /shutdown}: the node halts right after answering. */
  public record ShuttingDown(String status, String node_id) {}

  /**
   * {@code GET /health}, as the registry reads it to see a genuine workshop node: {@code service}
   * is {@value NodeSightings#SERVICE} on ours (the original's node says no service).
   */
  public record Identity(@Json.Optional String service, @Json.Optional String node_id) {}

  /** {@code GET /stats}, as the dashboard reads it: how many keys the node holds. */
  public record Held(int data_count) {}
}
