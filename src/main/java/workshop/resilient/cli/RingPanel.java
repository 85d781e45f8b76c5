package workshop.resilient.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import workshop.resilient.cli.DashboardView.Ring;
import workshop.resilient.cli.DashboardView.RingNode;
import workshop.support.term.Block;
import workshop.support.term.TextWidth;

/**
 * The registry's own hash ring drawn as a bar: each cell marked by the node owning that slice of
 * the ring, then each owner's share. Everything comes from the registry's {@code GET /ring}, not
 * from hashing here: the original's dashboard hashed its own way and drew a ring the system did not
 * use.
 */
final class RingPanel {
  /** Cells of the bar at most: enough to see the interleaving, short enough for 80 columns. */
  static final int CELLS = 60;

  private RingPanel() {}

  /** The ring panel; null when the registry's ring could not be read. */
  static Block block(DashboardModel m) {
    Ring ring = m.snapshot().ring();
    if (ring == null) {
      return null;
    }
    String title =
        m.title(
            String.format(
                Locale.ROOT,
                "Hash ring (the registry's own: %d nodes x %d virtual nodes)",
                ring.nodes().size(),
                ring.virtualNodes()));
    List<String> lines = new ArrayList<>();
    if (ring.nodes().isEmpty()) {
      lines.add("  (empty: no node has joined the ring yet)");
      return Block.optional("ring", title, lines, 3);
    }
    Map<String, String> marks = marks(ring.nodes());
    int cells = Math.max(1, Math.min(CELLS, m.width() - 4));
    StringBuilder bar = new StringBuilder("  |");
    for (int i = 0; i < cells; i++) {
      String owner = ownerAt((i + 0.5) / cells, ring.nodes());
      bar.append(m.palette().paint(m.lookOf(owner).color, marks.get(owner)));
    }
    lines.add(bar.append("|").toString());
    lines.add("   0 .. 2^256, each cell marked by the node owning that slice; owners' shares:");
    List<String> legend = new ArrayList<>();
    for (RingNode n : ring.nodes()) {
      String status = m.statusOf(n.id());
      legend.add(
          String.format(
              Locale.ROOT,
              "%s %s %.1f %%%s",
              marks.get(n.id()),
              n.id(),
              100 * n.share(),
              status.equals("alive") ? "" : " (" + status + ")"));
    }
    lines.addAll(wrap("   ", legend, m.width()));
    for (String j : ring.joining()) {
      lines.add("   " + j + " is joining: not on the ring until it holds its keys");
    }
    return Block.optional("ring", title, lines, 3);
  }

  /**
   * The node owning the point {@code at} of the ring: the first position strictly after it,
   * wrapping past the top to the lowest (the ring's own rule).
   */
  static String ownerAt(double at, List<RingNode> nodes) {
    String next = null;
    double nextAt = Double.MAX_VALUE;
    String lowest = null;
    double lowestAt = Double.MAX_VALUE;
    for (RingNode n : nodes) {
      for (double p : n.positions()) {
        if (p > at && p < nextAt) {
          next = n.id();
          nextAt = p;
        }
        if (p < lowestAt) {
          lowest = n.id();
          lowestAt = p;
        }
      }
    }
    return next != null ? next : lowest;
  }

  /** One character per ring member: 1-9, then a-z. */
  static Map<String, String> marks(List<RingNode> nodes) {
    String symbols = "123456789abcdefghijklmnopqrstuvwxyz";
    Map<String, String> marks = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      marks.put(nodes.get(i).id(), i < symbols.length() ? symbols.substring(i, i + 1) : "+");
    }
    return marks;
  }

  /** Items on as few lines as fit, each line starting with {@code indent}. */
  private static List<String> wrap(String indent, List<String> items, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(indent);
    for (String item : items) {
      if (line.length() > indent.length() && TextWidth.of(line) + 3 + TextWidth.of(item) > width) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
      }
      line.append(line.length() > indent.length() ? "   " : "").append(item);
    }
    lines.add(line.toString());
    return lines;
  }
}
