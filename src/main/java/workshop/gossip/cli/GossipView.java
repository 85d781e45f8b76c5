package workshop.gossip.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import workshop.support.term.Block;
import workshop.support.term.Column;
import workshop.support.term.Frame;
import workshop.support.term.Size;
import workshop.support.term.Wrap;

/**
 * Renders the gossip table of the original visualizer, plus the spread of the newest update: which
 * nodes have it, how many seconds (and about how many rounds) each took, and "converged in X s"
 * once every node that answers has it. Pure: readings in, text out.
 */
public final class GossipView {
  /**
   * What one node answered to {@code GET /}, or that it did not.
   *
   * @param learnedAtMs when the node learned its current version of each id (epoch ms)
   */
  public record Reading(
      String address,
      boolean online,
      int nodeId,
      Map<Integer, Long> states,
      Map<Integer, Long> learnedAtMs,
      long intervalMs) {
    public static Reading offline(String address) {
      return new Reading(address, false, -1, Map.of(), Map.of(), 0);
    }
  }

  /** The newest update seen anywhere: node {@code origin}'s version {@code version}. */
  record Newest(int origin, long version, long atMs) {}

  private GossipView() {}

  /**
   * The frame for a terminal of {@code size}; when it is short, the per-node times of the newest
   * update give way first, then the hint, then table rows past the third.
   */
  public static Frame render(List<Reading> readings, String updateHint, Size size) {
    List<Reading> sorted = new ArrayList<>(readings);
    sorted.sort(Comparator.comparing((Reading r) -> !r.online()).thenComparing(Reading::nodeId));
    List<Block> blocks = new ArrayList<>();
    // The table's header is its first item, so it stays when rows give way.
    blocks.add(Block.shrinks("nodes", "Gossip Protocol: State Propagation", table(sorted), 4, 3));
    Newest newest = newest(readings);
    String summary;
    if (newest == null) {
      blocks.add(Block.of(List.of("No update yet.")));
      summary = "no update yet";
    } else {
      List<List<String>> spread = new ArrayList<>();
      int have = 0;
      int online = 0;
      double slowest = 0;
      for (Reading r : sorted) {
        if (!r.online()) {
          continue;
        }
        online++;
        Long v = r.states().get(newest.origin());
        if (v != null && v >= newest.version()) {
          have++;
          Long at = r.learnedAtMs().get(newest.origin());
          double s = at == null ? 0 : Math.max(0, at - newest.atMs()) / 1000.0;
          slowest = Math.max(slowest, s);
          long rounds = r.intervalMs() <= 0 ? 0 : (long) Math.ceil(s * 1000 / r.intervalMs());
          spread.add(
              List.of(
                  String.format(
                      Locale.ROOT,
                      "  Node %-2d has it after %5.1f s (~%d rounds)",
                      r.nodeId(),
                      s,
                      rounds)));
        } else {
          spread.add(List.of(String.format(Locale.ROOT, "  Node %-2d waiting...", r.nodeId())));
        }
      }
      blocks.add(
          Block.shrinks(
              "node times",
              String.format(
                  Locale.ROOT,
                  "Newest update: node %d version %d",
                  newest.origin(),
                  newest.version()),
              spread,
              1,
              1));
      if (online > 0 && have == online) {
        String all = online == readings.size() ? "all " + online : online + " online";
        blocks.add(
            Block.of(
                List.of(
                    String.format(
                        Locale.ROOT, "Converged in %.1f s (%s nodes have it)", slowest, all))));
        summary =
            String.format(
                Locale.ROOT,
                "node %d v%d: converged in %.1f s on %s nodes",
                newest.origin(),
                newest.version(),
                slowest,
                all);
      } else {
        summary =
            String.format(
                Locale.ROOT,
                "node %d v%d: %d of %d online nodes have it",
                newest.origin(),
                newest.version(),
                have,
                online);
      }
    }
    blocks.add(Block.optional("hint", null, Wrap.words(updateHint, size.columns(), "     "), 2));
    return new Frame(Column.stack(blocks, size, null), summary);
  }

  /** The original's table: its header first, then one row per node, online ones first. */
  private static List<List<String>> table(List<Reading> sorted) {
    List<List<String>> table = new ArrayList<>();
    table.add(
        List.of(
            " Node ID | Port   | State (NodeID: Version)",
            "---------+--------+----------------------------------"));
    for (Reading r : sorted) {
      String port = r.address().substring(r.address().lastIndexOf(':') + 1);
      if (!r.online()) {
        table.add(List.of(String.format(Locale.ROOT, " %-7s | %-6s | [OFFLINE]", "?", port)));
      } else {
        table.add(
            List.of(
                String.format(
                    Locale.ROOT, " Node %-2d | %-6s | %s", r.nodeId(), port, states(r.states()))));
      }
    }
    return table;
  }

  /**
   * The update made most recently: for each origin its highest version, stamped with when the
   * earliest node learned it (the origin itself, if it answers); the latest stamp wins.
   */
  static Newest newest(List<Reading> readings) {
    Newest best = null;
    for (Reading r : readings) {
      if (!r.online()) {
        continue;
      }
      for (var e : new TreeMap<>(r.states()).entrySet()) {
        if (e.getValue() <= 0) {
          continue;
        }
        Newest candidate = stamp(readings, e.getKey(), e.getValue());
        if (best == null
            || candidate.atMs() > best.atMs()
            || (candidate.atMs() == best.atMs() && candidate.version() > best.version())) {
          best = candidate;
        }
      }
    }
    return best;
  }

  private static Newest stamp(List<Reading> readings, int origin, long version) {
    long top = version;
    for (Reading r : readings) {
      top = Math.max(top, r.states().getOrDefault(origin, 0L));
    }
    long at = Long.MAX_VALUE;
    for (Reading r : readings) {
      if (r.online() && r.states().getOrDefault(origin, -1L) == top) {
        at = Math.min(at, r.learnedAtMs().getOrDefault(origin, Long.MAX_VALUE));
      }
    }
    return new Newest(origin, top, at == Long.MAX_VALUE ? 0 : at);
  }

  static String states(Map<Integer, Long> states) {
    StringJoiner j = new StringJoiner(", ");
    new TreeMap<>(states).forEach((id, v) -> j.add(id + ":" + v));
    return j.toString();
  }
}
