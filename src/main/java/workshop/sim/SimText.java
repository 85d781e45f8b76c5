package workshop.sim;

import java.util.List;
import workshop.protocol.Input;

/** How the trace writes inputs and node lists. */
final class SimText {
  private SimText() {}

  static String input(String node, Input<?> input) {
    return switch (input) {
      case Input.Start<?> s -> node + "  starts";
      case Input.Message<?> m -> node + " <- " + m.from() + "  " + m.message();
      case Input.Timer<?> t -> node + "  timer " + t.name();
      case Input.Request<?> r -> node + " <- " + r.request() + "  " + r.body();
      case Input.Undelivered<?> u ->
          node + "  undelivered to " + u.to() + " (" + u.reason() + "): " + u.message();
    };
  }

  /** "its nodes are node-1, node-2, node-3", shortened for big clusters. */
  static String nodes(List<String> names) {
    if (names.size() <= 12) {
      return "its nodes are " + String.join(", ", names);
    }
    return "its "
        + names.size()
        + " nodes are "
        + names.get(0)
        + ", "
        + names.get(1)
        + " ... "
        + names.get(names.size() - 1);
  }
}
