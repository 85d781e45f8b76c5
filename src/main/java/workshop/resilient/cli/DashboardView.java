package workshop.resilient.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import workshop.support.term.Frame;

/**
 * The capstone's dashboard, drawn from one {@link Snapshot} of what the registry and the nodes
 * answered: health, nodes, the ring, where the manual's keys live and who takes over when their
 * first replica dies, keys per node, recent events and what to try. Pure: the same snapshot and
 * width give the same text, so a golden file checks it.
 *
 * <p>Everything about placement comes from the registry's {@code GET /ring}, computed by the ring
 * its writes use. The original's dashboard hashed keys its own way and showed routes the system did
 * not use; it also picked "the next node" in dictionary order and printed "now" for every event's
 * time.
 */
public final class DashboardView {
  /** Heard from within this long: HEALTHY; longer (until the registry's 5 s timeout): SLOW. */
  static final Duration SLOW_AFTER = Duration.ofSeconds(3);

  static final int EVENTS_SHOWN = 8;

  /** What the dashboard saw at {@code takenAt}. */
  public record Snapshot(
      String registry,
      Instant takenAt,
      String health,
      List<Node> nodes,
      Ring ring,
      List<Event> events,
      List<String> missing) {}

  /**
   * One member as the registry lists it.
   *
   * @param status the registry's word: alive, dead, joining, starting or left
   * @param keys how many keys the node holds (its {@code /stats}); null when it was not asked or
   *     did not answer
   */
  public record Node(
      String id, String status, Duration lastSeen, String address, String reason, Integer keys) {}

  /** The registry's ring: its members' shares and positions, and where the sample keys live. */
  public record Ring(
      int virtualNodes,
      int n,
      int w,
      int r,
      List<RingNode> nodes,
      List<Route> routes,
      List<String> joining) {}

  /**
   * @param positions where its virtual nodes sit, as fractions of the ring in [0, 1)
   */
  public record RingNode(String id, double share, List<Double> positions) {}

  /** A key and its replicas in preference order, as the registry places it. */
  public record Route(String key, List<String> replicas) {}

  /** Something that happened, told by {@code source} (the registry or a node). */
  public record Event(Instant at, String source, String line) {}

  /** How a node looks: the original's three symbols, plus the states it had no word for. */
  enum Look {
    HEALTHY("●", GREEN),
    SLOW("◐", YELLOW),
    DEAD("○", RED),
    JOINING("◌", YELLOW),
    STARTING("◌", YELLOW),
    LEFT("·", DIM),
    UNKNOWN("?", YELLOW);

    final String symbol;
    final String color;

    Look(String symbol, String color) {
      this.symbol = symbol;
      this.color = color;
    }

    static Look of(Node n) {
      return switch (n.status()) {
        case "alive" -> n.lastSeen().compareTo(SLOW_AFTER) < 0 ? HEALTHY : SLOW;
        case "dead" -> DEAD;
        case "joining" -> JOINING;
        case "starting" -> STARTING;
        case "left" -> LEFT;
        default -> UNKNOWN;
      };
    }
  }

  static final String GREEN = "\u001b[32m";
  static final String YELLOW = "\u001b[33m";
  static final String RED = "\u001b[31m";
  static final String DIM = "\u001b[2m";
  static final String BOLD = "\u001b[1m";
  static final String RESET = "\u001b[0m";

  /** The order {@code counts} lists statuses in; others follow alphabetically. */
  static final List<String> STATUSES = List.of("alive", "joining", "starting", "dead", "left");

  private final Snapshot s;
  private final List<Node> nodes;
  private final Map<String, Node> byId = new LinkedHashMap<>();
  private final int width;
  private final boolean color;
  private final List<String> lines = new ArrayList<>();

  private DashboardView(Snapshot s, int width, boolean color) {
    this.s = s;
    // The registry lists members in order of first contact; show node-1, node-2, ..., node-10.
    this.nodes =
        s.nodes().stream()
            .sorted(Comparator.comparing((Node n) -> n.id().length()).thenComparing(Node::id))
            .toList();
    nodes.forEach(n -> byId.putIfAbsent(n.id(), n));
    this.width = Math.max(40, width);
    this.color = color;
  }

  /**
   * @param width the terminal's columns; lines are cut to fit, commands to try are not
   * @param color ANSI colours, for a terminal only
   * @param loadTest whether this toolkit has a {@code load-test} command to suggest
   */
  public static Frame render(Snapshot s, int width, boolean color, boolean loadTest) {
    DashboardView v = new DashboardView(s, width, color);
    v.header();
    v.missing();
    v.nodes();
    v.ring();
    v.routes();
    v.keys();
    v.events();
    v.tries(loadTest);
    return new Frame(List.copyOf(v.lines), v.summary());
  }

  /** The one line shown while the registry does not answer; the loop keeps retrying. */
  public static Frame notAnswering(String registry, String why, boolean color) {
    String line =
        "registry at " + registry + " not answering: " + why + "; start it with ./workshop up";
    return new Frame(List.of(color ? RED + line + RESET : line), line);
  }

  // ---- sections ---------------------------------------------------------------------------------

  private void header() {
    add(BOLD, "Cluster dashboard: registry " + s.registry());
    String health = health();
    String quorum =
        s.ring() == null
            ? ""
            : String.format(
                Locale.ROOT, "   (N=%d W=%d R=%d)", s.ring().n(), s.ring().w(), s.ring().r());
    String healthColor =
        switch (health) {
          case "HEALTHY" -> GREEN;
          case "DEGRADED" -> YELLOW;
          default -> RED;
        };
    String line = fit("Health: " + health + "   " + counts() + quorum);
    lines.add(paintAt(line, "Health: ".length(), health.length(), healthColor));
  }

  private void missing() {
    if (s.missing().isEmpty()) {
      return;
    }
    section("Missing (answers that could not be read; the rest is shown)");
    s.missing().forEach(m -> add(YELLOW, "  " + m));
  }

  private void nodes() {
    section("Nodes");
    if (nodes.isEmpty()) {
      lines.add(
          s.health() == null
              ? "  (unknown: the registry's /cluster-status could not be read)"
              : "  (none registered yet: start one with ./workshop resilient-node)");
      return;
    }
    int idWidth = idWidth();
    for (Node n : nodes) {
      Look look = Look.of(n);
      String line =
          fit(
              String.format(
                  Locale.ROOT,
                  "  %s %-" + idWidth + "s  %-8s  %-16s  %s",
                  look.symbol,
                  n.id(),
                  look.name(),
                  "heard " + ago(n.lastSeen()) + " ago",
                  n.address()));
      // Cut to the width first, then colour the status word and the symbol (right to left).
      line = paintAt(line, 4 + idWidth + 2, look.name().length(), look.color);
      lines.add(paintAt(line, 2, 1, look.color));
      String why =
          switch (look) {
            case HEALTHY -> "";
            case SLOW -> "late: no heartbeat for 3 s; dead once past the registry's timeout";
            case JOINING -> "receiving the keys it will own; then it takes its place on the ring";
            default -> n.reason();
          };
      if (!why.isEmpty()) {
        lines.add(fit(" ".repeat(4 + idWidth + 2) + why));
      }
    }
  }

  private void ring() {
    if (s.ring() == null) {
      return;
    }
    Ring ring = s.ring();
    section(
        String.format(
            Locale.ROOT,
            "Hash ring (the registry's own: %d nodes x %d virtual nodes)",
            ring.nodes().size(),
            ring.virtualNodes()));
    if (ring.nodes().isEmpty()) {
      lines.add("  (empty: no node has joined the ring yet)");
      return;
    }
    Map<String, String> marks = marks(ring.nodes());
    int cells = Math.min(60, width - 4);
    StringBuilder bar = new StringBuilder("  |");
    for (int i = 0; i < cells; i++) {
      String owner = ownerAt((i + 0.5) / cells, ring.nodes());
      bar.append(paint(lookOf(owner).color, marks.get(owner)));
    }
    lines.add(bar.append("|").toString());
    lines.add(
        fit("   0 .. 2^256, each cell marked by the node owning that slice; owners' shares:"));
    List<String> legend = new ArrayList<>();
    for (RingNode n : ring.nodes()) {
      String status = statusOf(n.id());
      legend.add(
          String.format(
              Locale.ROOT,
              "%s %s %.1f %%%s",
              marks.get(n.id()),
              n.id(),
              100 * n.share(),
              status.equals("alive") ? "" : " (" + status + ")"));
    }
    wrap("   ", legend);
    for (String j : ring.joining()) {
      lines.add(fit("   " + j + " is joining: not on the ring until it holds its keys"));
    }
  }

  private void routes() {
    if (s.ring() == null || s.ring().routes().isEmpty()) {
      return;
    }
    Ring ring = s.ring();
    section("Where keys live (replicas in preference order, as the registry places them)");
    Map<String, String> status = new LinkedHashMap<>();
    nodes.forEach(n -> status.put(n.id(), n.status()));
    int keyWidth = ring.routes().stream().mapToInt(r -> r.key().length()).max().orElse(10);
    int replicasWidth =
        ring.routes().stream()
            .mapToInt(r -> String.join(" ", r.replicas()).length())
            .max()
            .orElse(0);
    for (Route r : ring.routes()) {
      lines.add(
          fit(
              String.format(
                  Locale.ROOT,
                  "  %-" + keyWidth + "s  %-" + replicasWidth + "s  %s",
                  r.key(),
                  String.join(" ", r.replicas()),
                  failover(r.replicas(), status, ring.w(), ring.r()))));
    }
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

  private void keys() {
    if (nodes.isEmpty()) {
      return;
    }
    section("Keys per node (each node's /stats)");
    int max = nodes.stream().mapToInt(n -> n.keys() == null ? 0 : n.keys()).max().orElse(0);
    int barMax = Math.min(40, width - idWidth() - 12);
    for (Node n : nodes) {
      String label = String.format(Locale.ROOT, "  %-" + idWidth() + "s  ", n.id());
      if (n.keys() == null) {
        boolean asked = n.status().equals("alive") || n.status().equals("joining");
        lines.add(label + (asked ? "? (no answer from its /stats)" : "- (" + n.status() + ")"));
        continue;
      }
      int len = max == 0 ? 0 : (int) Math.round((double) n.keys() * barMax / max);
      String bar = "█".repeat(Math.max(n.keys() > 0 ? 1 : 0, len));
      lines.add(label + paint(Look.of(n).color, bar) + (bar.isEmpty() ? "" : " ") + n.keys());
    }
  }

  private void events() {
    section("Recent events (newest first)");
    if (s.events().isEmpty()) {
      lines.add("  (none yet)");
      return;
    }
    int sourceWidth = s.events().stream().mapToInt(e -> e.source().length()).max().orElse(8);
    newestFirst().stream()
        .limit(EVENTS_SHOWN)
        .forEach(
            e ->
                lines.add(
                    fit(
                        String.format(
                            Locale.ROOT,
                            "  %8s ago  %-" + sourceWidth + "s  %s",
                            ago(Duration.between(e.at(), s.takenAt())),
                            e.source(),
                            e.line()))));
  }

  private void tries(boolean loadTest) {
    section("Try (in another terminal)");
    String reg = s.registry();
    List<String> alive =
        nodes.stream().filter(n -> n.status().equals("alive")).map(Node::id).toList();
    if (!alive.isEmpty()) {
      // The manual kills node-2; any live node will do when it is gone.
      String victim = alive.contains("node-2") ? "node-2" : alive.get(0);
      lines.add("  kill       curl -X POST " + reg + "/kill/" + victim);
    }
    lines.add(
        "  write      curl -X POST " + reg + "/data -H \"Content-Type: application/json\" \\");
    lines.add("               -d '{\"key\":\"user:bob\",\"value\":\"Bob\"}'");
    lines.add("  read       curl " + reg + "/data/user:bob");
    lines.add("  scale up   curl -X POST " + reg + "/scale-up");
    lines.add("  graduate   curl " + reg + "/graduate");
    String flag = reg.equals("http://localhost:5000") ? "" : " --registry " + reg;
    lines.add("  client     ./workshop cluster-client" + flag + " demo");
    if (loadTest) {
      lines.add("  load test  ./workshop load-test" + flag);
    }
    lines.add("  (Ctrl+C quits the dashboard; the cluster keeps running)");
  }

  /** The one line printed per refresh when output is not a terminal (a pipe, a log, CI). */
  private String summary() {
    StringBuilder b = new StringBuilder(health()).append(" ").append(counts());
    List<String> each = new ArrayList<>();
    for (Node n : nodes) {
      Look look = Look.of(n);
      each.add(
          look.symbol
              + " "
              + n.id()
              + (look == Look.HEALTHY ? "" : " " + look.name().toLowerCase(Locale.ROOT))
              + (n.keys() == null ? "" : " " + n.keys() + (n.keys() == 1 ? " key" : " keys")));
    }
    if (!each.isEmpty()) {
      b.append(" | ").append(String.join(", ", each));
    }
    newestFirst().stream()
        .findFirst()
        .ifPresent(
            e ->
                b.append(" | ")
                    .append(ago(Duration.between(e.at(), s.takenAt())))
                    .append(" ago ")
                    .append(e.source())
                    .append(": ")
                    .append(e.line()));
    if (!s.missing().isEmpty()) {
      b.append(" | missing: ").append(String.join("; ", s.missing()));
    }
    return b.toString();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private String health() {
    return s.health() == null ? "UNKNOWN" : s.health().toUpperCase(Locale.ROOT);
  }

  /** "2 alive, 1 dead": members by status, in a fixed order. */
  private String counts() {
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
  private List<Event> newestFirst() {
    return s.events().reversed().stream()
        .sorted(Comparator.comparing(Event::at).reversed())
        .toList();
  }

  private int idWidth() {
    return nodes.stream().mapToInt(n -> n.id().length()).max().orElse(6);
  }

  private String statusOf(String id) {
    Node n = byId.get(id);
    return n == null ? "not listed" : n.status();
  }

  private Look lookOf(String id) {
    Node n = byId.get(id);
    return n == null ? Look.UNKNOWN : Look.of(n);
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

  private void section(String title) {
    lines.add("");
    add(BOLD, title);
  }

  private void add(String style, String text) {
    lines.add(paint(style, fit(text)));
  }

  /** Items on as few lines as fit, each line starting with {@code indent}. */
  private void wrap(String indent, List<String> items) {
    StringBuilder line = new StringBuilder(indent);
    for (String item : items) {
      if (line.length() > indent.length() && line.length() + 3 + item.length() > width) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
      }
      line.append(line.length() > indent.length() ? "   " : "").append(item);
    }
    lines.add(line.toString());
  }

  /** Cuts a plain line to the width, marking the cut. */
  private String fit(String text) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }

  private String paint(String style, String text) {
    return color && !text.isEmpty() ? style + text + RESET : text;
  }

  /** Colours {@code length} characters of a plain line from {@code start}, if they are there. */
  private String paintAt(String line, int start, int length, String style) {
    if (!color || start + length > line.length()) {
      return line;
    }
    return line.substring(0, start)
        + paint(style, line.substring(start, start + length))
        + line.substring(start + length);
  }
}
