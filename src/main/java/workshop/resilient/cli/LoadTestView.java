package workshop.resilient.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workshop.resilient.LoadTally;

/** The load test's table as text: a pure function of {@link LoadTally.Table}. */
final class LoadTestView {
  /** A node that holds every key gets a full bar. */
  static final int BAR = 40;

  /** Read-back problems listed one by one; beyond this only counted. */
  static final int LISTED = 10;

  private LoadTestView() {}

  static String render(LoadTally.Table t) {
    List<String> out = new ArrayList<>();
    int width = Math.max(4, t.nodes().stream().mapToInt(r -> r.node().length()).max().orElse(4));
    String row = "%-" + width + "s  %6s  %11s  %7s  %s";
    if (!t.nodes().isEmpty()) {
      out.add(
          String.format(Locale.ROOT, row, "node", "writes", "replica for", "of keys", "").strip());
      for (LoadTally.NodeRow r : t.nodes()) {
        out.add(
            String.format(
                Locale.ROOT,
                row,
                r.node(),
                r.writes(),
                r.replicaFor(),
                String.format(Locale.ROOT, "%.1f%%", r.shareOfKeys()),
                "█".repeat((int) Math.round(BAR * r.shareOfKeys() / 100))));
      }
      out.add(
          "  writes: copies it acknowledged (written_to); replica for: acknowledged keys whose");
      out.add("  replicas include it (replica_nodes); of keys: replica for / acknowledged keys.");
      out.add("");
    }
    out.add(
        String.format(
            Locale.ROOT,
            "Writes:       %d sent, %d acknowledged, %d failed (%s)",
            t.requests(),
            t.acknowledged(),
            t.failed(),
            String.join(
                ", ",
                t.failures().entrySet().stream()
                    .map(e -> e.getKey().label() + " " + e.getValue())
                    .toList())));
    for (var e : t.examples().entrySet()) {
      out.add("  first " + e.getKey().label() + ": " + e.getValue());
    }
    out.add(
        String.format(
            Locale.ROOT, "Latency:      p50 %.1f ms, p99 %.1f ms", t.p50Millis(), t.p99Millis()));
    out.add(distribution(t.verdict()));
    if (t.readBack() != null) {
      out.addAll(readBack(t));
    }
    return String.join("\n", out);
  }

  private static String distribution(LoadTally.Verdict v) {
    if (v == null) {
      return "Distribution: nothing was acknowledged, so there is nothing to judge";
    }
    String ratio =
        Double.isInfinite(v.ratio())
            ? "a node holds no key"
            : String.format(Locale.ROOT, "max/min %.2f", v.ratio());
    return "Distribution: " + v.evenness().display() + " (" + ratio + "): " + v.reason();
  }

  private static List<String> readBack(LoadTally.Table t) {
    List<LoadTally.ReadBack> problems = t.readBackProblems();
    int checked = t.readBack().size();
    if (problems.isEmpty()) {
      return List.of(
          "Read back:    "
              + checked
              + " of "
              + checked
              + " acknowledged keys read back with the value written");
    }
    List<String> out = new ArrayList<>();
    out.add(
        "Read back:    "
            + problems.size()
            + " of "
            + checked
            + " acknowledged keys did NOT read back as written:");
    for (LoadTally.ReadBack r : problems.subList(0, Math.min(LISTED, problems.size()))) {
      out.add("  " + r.key() + " " + r.problem());
    }
    if (problems.size() > LISTED) {
      out.add("  ... and " + (problems.size() - LISTED) + " more");
    }
    return out;
  }
}
