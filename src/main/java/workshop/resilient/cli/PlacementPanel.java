package workshop.resilient.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import workshop.resilient.cli.DashboardView.Ring;
import workshop.resilient.cli.DashboardView.Route;
import workshop.support.term.Block;

/**
 * Where the manual's keys live (their replicas in preference order, as the registry places them)
 * and who serves each one when its first replica dies.
 */
final class PlacementPanel {
  private PlacementPanel() {}

  /** The placement panel; null when the registry's ring gave no keys. */
  static Block block(DashboardModel m) {
    Ring ring = m.snapshot().ring();
    if (ring == null || ring.routes().isEmpty()) {
      return null;
    }
    Map<String, String> status = new LinkedHashMap<>();
    m.nodes().forEach(n -> status.put(n.id(), n.status()));
    int keyWidth = ring.routes().stream().mapToInt(r -> r.key().length()).max().orElse(10);
    int replicasWidth =
        ring.routes().stream()
            .mapToInt(r -> String.join(" ", r.replicas()).length())
            .max()
            .orElse(0);
    List<String> lines = new ArrayList<>();
    for (Route r : ring.routes()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-" + keyWidth + "s  %-" + replicasWidth + "s  %s",
              r.key(),
              String.join(" ", r.replicas()),
              failover(r.replicas(), status, ring.w(), ring.r())));
    }
    return Block.optional(
        "placement",
        m.title("Where keys live (replicas in preference order, as the registry places them)"),
        lines,
        2);
  }

  /**
   * What happens to a key when its first replica dies: the next alive replica in preference order
   * (the next node clockwise on the ring) serves it, as long as W and R can still be met.
   */
  static String failover(List<String> replicas, Map<String, String> status, int w, int r) {
    if (replicas.isEmpty()) {
      return "no replicas";
    }
    List<String> alive = replicas.stream().filter(id -> "alive".equals(status.get(id))).toList();
    // The registry caps W and R at the number of replicas a key has.
    int needed = Math.max(Math.min(w, replicas.size()), Math.min(r, replicas.size()));
    String first = replicas.get(0);
    if (alive.size() < needed) {
      return "only " + alive.size() + " of " + replicas.size() + " alive: reads/writes fail";
    }
    if (!alive.contains(first)) {
      String why = status.getOrDefault(first, "gone");
      return first + " is " + why + ": " + alive.get(0) + " serves it";
    }
    if (alive.size() - 1 < needed) {
      return "if " + first + " dies: reads/writes fail";
    }
    return "if " + first + " dies: " + alive.get(1) + " serves it";
  }
}
