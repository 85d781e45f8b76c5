package workshop.sharding.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import workshop.sharding.HashRing;
import workshop.sharding.ModuloHashing;
import workshop.sharding.Rebalance;
import workshop.sharding.RendezvousHashing;
import workshop.sharding.ShardingStrategy;

/**
 * The manual's Step 1 ("the Aha! moment"): what adding a fourth node does to 1000 keys under modulo
 * hashing, consistent hashing and rendezvous hashing, in the original's words and bars, followed by
 * what the manual only asks about: shares per node, evenness by virtual-node count, and removing a
 * node.
 *
 * <p>{@link #measure} does the counting (one pass over the keys); {@link #render} is a pure
 * function of its result, checked against golden text.
 */
public final class RebalancingView {
  static final List<String> NODES = List.of("Node A", "Node B", "Node C");
  static final String ADDED = "Node D";
  static final String REMOVED = "Node B";
  static final int[] VIRTUAL_NODE_COUNTS = {1, 10, 100, 1000};
  static final int BAR_WIDTH = 50;

  private RebalancingView() {}

  /**
   * Everything the view shows.
   *
   * @param adding one result per strategy, A/B/C -> A/B/C/D
   * @param removing one result per strategy, A/B/C/D -> without {@link #REMOVED}
   * @param byVirtualNodes consistent hashing with 1, 10, 100, 1000 virtual nodes, adding D
   */
  public record Report(
      int keys,
      int virtualNodes,
      List<Rebalance.Result> adding,
      List<Rebalance.Result> removing,
      List<Rebalance.Result> byVirtualNodes) {}

  /** Counts everything for keys {@code key_0 .. key_<keys-1>} in one pass. */
  public static Report measure(int keys, int virtualNodes) {
    List<ShardingStrategy> three =
        List.of(
            new ModuloHashing(NODES),
            new HashRing(NODES, virtualNodes),
            new RendezvousHashing(NODES));
    List<Rebalance.Change> changes = new ArrayList<>();
    for (ShardingStrategy s : three) {
      changes.add(new Rebalance.Change(s, s.withNode(ADDED)));
    }
    for (ShardingStrategy s : three) {
      ShardingStrategy four = s.withNode(ADDED);
      changes.add(new Rebalance.Change(four, four.withoutNode(REMOVED)));
    }
    for (int v : VIRTUAL_NODE_COUNTS) {
      HashRing ring = new HashRing(NODES, v);
      changes.add(new Rebalance.Change(ring, ring.withNode(ADDED)));
    }
    List<Rebalance.Result> all = Rebalance.compare(changes, Rebalance.numberedKeys(keys));
    return new Report(
        keys, virtualNodes, all.subList(0, 3), all.subList(3, 6), all.subList(6, all.size()));
  }

  /** The whole report as text. */
  public static String render(Report report) {
    StringBuilder out = new StringBuilder();
    for (Rebalance.Result r : report.adding()) {
      original(out, r);
    }
    out.append("\n").append("=".repeat(72)).append("\n");
    out.append("Side by side (").append(String.format(Locale.ROOT, "%,d", report.keys()));
    out.append(" keys; consistent hashing with ").append(report.virtualNodes());
    out.append(" virtual nodes per node)\n\n");
    out.append("Adding '").append(ADDED).append("' to A/B/C:\n");
    table(out, report.adding());
    out.append("\nRemoving '").append(REMOVED).append("' from A/B/C/D:\n");
    table(out, report.removing());
    out.append("\nConsistent hashing, evenness by virtual nodes per node (adding '");
    out.append(ADDED).append("'):\n");
    out.append(
        String.format(
            Locale.ROOT,
            "  %-14s %8s %8s %14s %14s%n",
            "virtual nodes",
            "moved",
            "%",
            "spread before",
            "spread after"));
    for (int i = 0; i < report.byVirtualNodes().size(); i++) {
      Rebalance.Result r = report.byVirtualNodes().get(i);
      out.append(
          String.format(
              Locale.ROOT,
              "  %-14d %8d %7.1f%% %14.2f %14.2f%n",
              VIRTUAL_NODE_COUNTS[i],
              r.moved(),
              r.movedPercent(),
              r.spreadBefore(),
              r.spreadAfter()));
    }
    out.append("  spread = busiest node's keys / mean keys per node; 1.00 is perfectly even.\n");
    out.append(
        "\nThe ideal when a 4th node joins is 1/4 of the keys (25 %): only the newcomer's share.\n");
    return out.toString();
  }

  /** The original script's block for one strategy, line for line. */
  static void original(StringBuilder out, Rebalance.Result r) {
    out.append("\n🧪 Testing Strategy: ").append(r.strategy()).append("\n");
    out.append("Generating ").append(r.total()).append(" keys...\n");
    out.append("Phase 1: Keys distributed across ").append(r.before().size()).append(" nodes.\n");
    out.append("Phase 2: Adding '").append(ADDED).append("'...\n");
    out.append("\n📊 RESULTS:\n");
    out.append("Keys Moved:   ").append(r.moved()).append("/").append(r.total()).append("\n");
    out.append(String.format(Locale.ROOT, "Percentage:   %.1f%%%n", r.movedPercent()));
    out.append(bar(r.movedPercent())).append("\n");
    out.append(verdict(r.movedPercent())).append("\n");
  }

  /** 50 characters, 2 % each: ▓ for keys that moved, ░ for keys that stayed. */
  static String bar(double percent) {
    int moved = (int) (percent / 2);
    return "▓".repeat(moved) + "░".repeat(BAR_WIDTH - moved);
  }

  static String verdict(double percent) {
    return percent > 50
        ? "⚠️ HIGH IMPACT! (Naive sharding requires moving most data)"
        : "✅ LOW IMPACT! (Consistent hashing minimizes movement)";
  }

  private static void table(StringBuilder out, List<Rebalance.Result> results) {
    out.append(
        String.format(
            Locale.ROOT,
            "  %-20s %8s %7s   %-34s %-44s %s%n",
            "strategy",
            "moved",
            "%",
            "keys per node before",
            "keys per node after",
            "spread after"));
    for (Rebalance.Result r : results) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-20s %8d %6.1f%%   %-34s %-44s %.2f%n",
              r.strategy(),
              r.moved(),
              r.movedPercent(),
              shares(r.before()),
              shares(r.after()),
              r.spreadAfter()));
    }
  }

  /** "A 330 B 279 C 391": node names shortened to their last word. */
  static String shares(Map<String, Integer> shares) {
    StringBuilder s = new StringBuilder();
    for (var e : shares.entrySet()) {
      String name = e.getKey();
      String shortName = name.substring(name.lastIndexOf(' ') + 1);
      if (!s.isEmpty()) {
        s.append(' ');
      }
      s.append(shortName).append(' ').append(e.getValue());
    }
    return s.toString();
  }
}
