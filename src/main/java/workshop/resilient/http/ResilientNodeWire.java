package workshop.resilient.http;

import java.util.List;
import java.util.Map;
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

  /** The answer to a replicate older than what the node has. */
  public record Rejected(String status, String reason, long current_version) {}

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
