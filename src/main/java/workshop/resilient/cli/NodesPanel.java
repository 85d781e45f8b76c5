package workshop.resilient.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workshop.resilient.cli.DashboardView.Node;
import workshop.support.term.Block;

/**
 * The dashboard's top: the registry and the cluster's health, what could not be read, and one line
 * per member (with why it is not healthy, when it is not).
 */
final class NodesPanel {
  private NodesPanel() {}

  static Block header(DashboardModel m) {
    DashboardView.Snapshot s = m.snapshot();
    String health = m.health();
    String quorum =
        s.ring() == null
            ? ""
            : String.format(
                Locale.ROOT, "   (N=%d W=%d R=%d)", s.ring().n(), s.ring().w(), s.ring().r());
    String healthColor =
        switch (health) {
          case "HEALTHY" -> Palette.GREEN;
          case "DEGRADED" -> Palette.YELLOW;
          default -> Palette.RED;
        };
    String line = "Health: " + health + "   " + m.counts() + quorum;
    return Block.of(
        m.title("Cluster dashboard: registry " + s.registry()),
        List.of(m.palette().paintAt(line, "Health: ".length(), health.length(), healthColor)));
  }

  /** Answers that could not be read; null when there are none. */
  static Block missing(DashboardModel m) {
    if (m.snapshot().missing().isEmpty()) {
      return null;
    }
    return Block.of(
        m.title("Missing (answers that could not be read; the rest is shown)"),
        m.snapshot().missing().stream()
            .map(line -> m.palette().paint(Palette.YELLOW, "  " + line))
            .toList());
  }

  /** One item per member: its line, and a second line saying why when it is not healthy. */
  static Block nodes(DashboardModel m) {
    List<List<String>> items = new ArrayList<>();
    if (m.nodes().isEmpty()) {
      items.add(
          List.of(
              m.snapshot().health() == null
                  ? "  (unknown: the registry's /cluster-status could not be read)"
                  : "  (none registered yet: start one with ./workshop resilient-node)"));
    }
    int idWidth = m.idWidth();
    for (Node n : m.nodes()) {
      NodeLook look = NodeLook.of(n);
      String line =
          String.format(
              Locale.ROOT,
              "  %s %-" + idWidth + "s  %-8s  %-16s  %s",
              look.symbol,
              n.id(),
              look.name(),
              "heard " + DashboardModel.ago(n.lastSeen()) + " ago",
              n.address());
      // Colour the status word, then the symbol (right to left keeps the positions right).
      line = m.palette().paintAt(line, 4 + idWidth + 2, look.name().length(), look.color);
      line = m.palette().paintAt(line, 2, 1, look.color);
      String why =
          switch (look) {
            case HEALTHY -> "";
            case SLOW -> "late: no heartbeat for 3 s; dead once past the registry's timeout";
            case JOINING -> "receiving the keys it will own; then it takes its place on the ring";
            default -> n.reason();
          };
      items.add(why.isEmpty() ? List.of(line) : List.of(line, " ".repeat(4 + idWidth + 2) + why));
    }
    return Block.shrinks("nodes", m.title("Nodes"), items, 3, 6);
  }
}
