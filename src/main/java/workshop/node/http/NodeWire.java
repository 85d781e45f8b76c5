package workshop.node.http;

import java.util.List;
import workshop.support.json.Json;

/**
 * Module 01 on the wire: what a node reads and what it answers, with the original's field names.
 * The router and the checks read a node's answers through these same records.
 */
public final class NodeWire {
  private NodeWire() {}

  /**
   * {@code POST /data}. Both fields are required, but {@link workshop.node.DataRules} says so in
   * its own words (and also refuses blank and overlong ones), so the reader lets them be absent. A
   * number or boolean is taken as its text, as the original's model did.
   */
  public record Store(@Json.Optional String key, @Json.Optional String value) {}

  /** The answer to {@code POST /data}. */
  public record Stored(String status, int node_id, String key, String value) {}

  /** The answer to {@code GET /data/{key}}. */
  public record Entry(int node_id, String key, String value) {}

  /** The answer to {@code DELETE /data/{key}}. */
  public record Deleted(String status, int node_id, String key) {}

  /** The answer to {@code GET /keys}: every key the node holds, sorted. */
  public record Keys(int node_id, int count, List<String> keys) {}
}
