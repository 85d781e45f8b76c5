package workshop.sharding.http;

import java.util.List;
import java.util.Map;
import workshop.support.json.Json;

/**
 * Module 03's router on the wire. Data requests pass through to the owning node unchanged (it is a
 * module 01 node; see {@link workshop.node.http.NodeWire}); these are the router's own bodies.
 */
public final class RouterWire {
  private RouterWire() {}

  /**
   * What the router reads of a {@code POST /data} body before passing it on: only the key. Its
   * absence is refused with an example body, so it is optional to the reader.
   */
  public record Routed(@Json.Optional String key) {}

  /** {@code POST /nodes}: the node to add, by URL. */
  public record AddNode(@Json.Optional String url) {}

  /**
   * The answer to {@code POST /nodes} and {@code DELETE /nodes/{node}}, as a check reads it (the
   * answer also names the node under {@code "added"} or {@code "removed"}).
   *
   * @param moves keys moved, by {@code "from -> to"}
   */
  public record Moved(int moved, Map<String, Integer> moves, String strategy, List<String> nodes) {}
}
