package workshop.resilient.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workshop.resilient.cli.DashboardView.Node;
import workshop.support.term.Block;

/** Keys per node, from each node's own {@code /stats}: a bar per node, the fullest one longest. */
final class KeysPanel {
  /** The longest bar, in columns. */
  static final int BAR = 40;

  private KeysPanel() {}

  /** The panel; null when there is no member to count. */
  static Block block(DashboardModel m) {
    if (m.nodes().isEmpty()) {
      return null;
    }
    int max = m.nodes().stream().mapToInt(n -> n.keys() == null ? 0 : n.keys()).max().orElse(0);
    int barMax = Math.max(1, Math.min(BAR, m.width() - m.idWidth() - 12));
    List<List<String>> items = new ArrayList<>();
    for (Node n : m.nodes()) {
      String label = String.format(Locale.ROOT, "  %-" + m.idWidth() + "s  ", n.id());
      if (n.keys() == null) {
        boolean asked = n.status().equals("alive") || n.status().equals("joining");
        items.add(
            List.of(label + (asked ? "? (no answer from its /stats)" : "- (" + n.status() + ")")));
        continue;
      }
      int len = max == 0 ? 0 : (int) Math.round((double) n.keys() * barMax / max);
      String bar = "█".repeat(Math.max(n.keys() > 0 ? 1 : 0, len));
      items.add(
          List.of(
              label
                  + m.palette().paint(NodeLook.of(n).color, bar)
                  + (bar.isEmpty() ? "" : " ")
                  + n.keys()));
    }
    return Block.shrinks("key counts", m.title("Keys per node (each node's /stats)"), items, 3, 5);
  }
}
