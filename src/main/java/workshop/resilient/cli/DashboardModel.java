package workshop.resilient.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import workshop.resilient.cli.DashboardView.Event;
import workshop.resilient.cli.DashboardView.Node;
import workshop.resilient.cli.DashboardView.Snapshot;

/**
 * One snapshot as every dashboard panel reads it: the members in id order (node-1, node-2, ...,
 * node-10), who is who, and how wide and in which colours to draw.
 */
record DashboardModel(
    Snapshot snapshot, List<Node> nodes, Map<String, Node> byId, int width, Palette palette) {
  /** The order {@link #counts} lists statuses in; others follow alphabetically. */
  static final List<String> STATUSES = List.of("alive", "joining", "starting", "dead", "left");

  static DashboardModel of(Snapshot s, int width, boolean color) {
    // The registry lists members in order of first contact; show node-1, node-2, ..., node-10.
    List<Node> nodes =
        s.nodes().stream()
            .sorted(Comparator.comparing((Node n) -> n.id().length()).thenComparing(Node::id))
            .toList();
    Map<String, Node> byId = new LinkedHashMap<>();
    nodes.forEach(n -> byId.putIfAbsent(n.id(), n));
    return new DashboardModel(s, nodes, byId, width, new Palette(color));
  }

  String health() {
    return snapshot.health() == null ? "UNKNOWN" : snapshot.health().toUpperCase(Locale.ROOT);
  }

  /** "2 alive, 1 dead": members by status, in a fixed order. */
  String counts() {
    Map<String, Long> by =
        nodes.stream()
            .collect(Collectors.groupingBy(Node::status, TreeMap::new, Collectors.counting()));
    List<String> parts = new ArrayList<>();
    STATUSES.stream().filter(by::containsKey).forEach(st -> parts.add(by.get(st) + " " + st));
    by.forEach(
        (st, count) -> {
          if (!STATUSES.contains(st)) {
            parts.add(count + " " + st);
          }
        });
    return parts.isEmpty() ? "no nodes" : String.join(", ", parts);
  }

  /** Each source lists its events oldest first; reversed, a stable sort keeps ties newest first. */
  List<Event> newestFirst() {
    return snapshot.events().reversed().stream()
        .sorted(Comparator.comparing(Event::at).reversed())
        .toList();
  }

  int idWidth() {
    return nodes.stream().mapToInt(n -> n.id().length()).max().orElse(6);
  }

  String statusOf(String id) {
    Node n = byId.get(id);
    return n == null ? "not listed" : n.status();
  }

  NodeLook lookOf(String id) {
    Node n = byId.get(id);
    return n == null ? NodeLook.UNKNOWN : NodeLook.of(n);
  }

  /** A panel's title line, bold on a terminal. */
  String title(String text) {
    return palette.paint(Palette.BOLD, text);
  }

  static String ago(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 100_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    if (ms < 6_000_000) {
      return ms / 60_000 + " min";
    }
    return ms / 3_600_000 + " h";
  }
}
