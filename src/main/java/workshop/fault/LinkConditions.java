package workshop.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The network as the faults in force make it: for one message from A to B, {@link #decide} says
 * deliver (after what extra delay, how many copies), drop (the sender waits out its timeout), or
 * reject (refused at once). Pure: randomness comes from the caller, and nothing is drawn when no
 * fault covers the link, so adding a fault on one link does not change what happens on the others.
 *
 * <p>Rules, in the order they are applied: a crashed receiver rejects; a paused receiver, a
 * partition or a block drops (a partition or block marked {@code reject} rejects instead); each
 * loss covering the link drops with its probability; otherwise the message is delivered after the
 * sum of the delays covering it (each plus or minus its jitter), held back further when a reorder
 * fault picks it (by up to 50 ms plus twice its delay, so later messages overtake it), and twice
 * when a duplicate fault picks it. A new delay, loss, duplicate or reorder fault replaces one of
 * the same kind on the same target; a zero amount removes it.
 *
 * <p>A driver that models nodes itself (the simulator, which delivers a paused node's input late)
 * gives it only {@link Fault.Network} faults and {@link Fault.Heal}; a fault layer in front of real
 * processes gives it node faults too. Not thread-safe.
 */
public final class LinkConditions {
  private static final Verdict.Deliver NOW = new Verdict.Deliver(Duration.ZERO, 1);

  private final List<String> nodes;
  private Fault.Partition partition;
  private Cut cut;
  private final Map<Target.Link, Fault.Block> blocks = new LinkedHashMap<>();
  private final List<Fault.Network> perTarget = new ArrayList<>();
  private final Set<String> crashed = new TreeSet<>();
  private final Set<String> paused = new TreeSet<>();

  /**
   * @param nodes the cluster's nodes in order: named partitions are cut from this list, and faults
   *     naming other nodes are refused (an empty list accepts any name, but no named partition)
   */
  public LinkConditions(List<String> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Puts {@code fault} in force (heal: takes every network fault away).
   *
   * @return what changed, in words, such as {@code partition halves: node-1,node-2 | node-3}
   * @throws IllegalArgumentException when it names a node outside the cluster
   */
  public String apply(Fault fault) {
    switch (fault) {
      case Fault.Partition p -> {
        checkShape(p.shape());
        partition = p;
        cut = Cut.of(p.shape(), nodes);
        return p.text() + (p.shape() instanceof Fault.Groups ? "" : ": " + cut.describe());
      }
      case Fault.Block b -> {
        check(b.from());
        check(b.to());
        blocks.put(new Target.Link(b.from(), b.to()), b);
      }
      case Fault.Delay d -> replace(d, d.target(), d.amount().isZero() && d.jitter().isZero());
      case Fault.Loss l -> replace(l, l.target(), l.percent() == 0);
      case Fault.Bandwidth b -> replace(b, b.target(), b.bytesPerSecond() == 0);
      case Fault.Duplicate d -> replace(d, d.target(), d.percent() == 0);
      case Fault.Reorder r -> replace(r, r.target(), r.percent() == 0);
      case Fault.Heal h -> {
        partition = null;
        cut = null;
        blocks.clear();
        perTarget.clear();
      }
      case Fault.Crash c -> crashed.add(check(c.node()));
      case Fault.Restart r -> {
        crashed.remove(check(r.node()));
        paused.remove(r.node());
      }
      case Fault.Pause p -> paused.add(check(p.node()));
      case Fault.Resume r -> paused.remove(check(r.node()));
      case Fault.Skew s -> check(s.node());
    }
    return fault.text();
  }

  /** The network faults in force, in the order they were applied (the partition first). */
  public List<Fault> inForce() {
    List<Fault> all = new ArrayList<>();
    if (partition != null) {
      all.add(partition);
    }
    all.addAll(blocks.values());
    all.addAll(perTarget);
    return all;
  }

  /** What happens to one message from {@code from} to {@code to}. */
  public Verdict decide(String from, String to, RandomGenerator random) {
    if (!crashed.isEmpty() && crashed.contains(to)) {
      return new Verdict.Reject(to + " is down: nothing listens there");
    }
    if (!paused.isEmpty() && paused.contains(to)) {
      return new Verdict.Drop(to + " is paused: it accepts the call but never answers");
    }
    if (cut != null && cut.separates(from, to)) {
      return lost(partition.reject(), "cut off by " + partition.text());
    }
    Fault.Block block = blocks.isEmpty() ? null : blocks.get(new Target.Link(from, to));
    if (block != null) {
      return lost(block.reject(), "blocked by " + block.text());
    }
    if (perTarget.isEmpty()) {
      return NOW;
    }
    return underFaults(from, to, random);
  }

  /**
   * The rate a TCP stream from {@code from} to {@code to} may carry, in bytes a second: the lowest
   * bandwidth limit covering the link, or 0 when none does. {@link #decide} ignores bandwidth: a
   * message has no size.
   */
  public long bandwidth(String from, String to) {
    long lowest = 0;
    for (Fault.Network f : perTarget) {
      if (f instanceof Fault.Bandwidth b
          && b.target().covers(from, to)
          && (lowest == 0 || b.bytesPerSecond() < lowest)) {
        lowest = b.bytesPerSecond();
      }
    }
    return lowest;
  }

  private static Verdict lost(boolean reject, String reason) {
    return reject ? new Verdict.Reject(reason) : new Verdict.Drop(reason);
  }

  private Verdict underFaults(String from, String to, RandomGenerator random) {
    long delay = 0;
    int copies = 1;
    List<Fault.Reorder> reorders = new ArrayList<>();
    for (Fault.Network f : perTarget) {
      switch (f) {
        case Fault.Loss l when l.target().covers(from, to) -> {
          if (random.nextDouble() * 100 < l.percent()) {
            return new Verdict.Drop("lost to " + l.text());
          }
        }
        case Fault.Delay d when d.target().covers(from, to) -> delay += jittered(d, random);
        case Fault.Duplicate d when d.target().covers(from, to) -> {
          if (random.nextDouble() * 100 < d.percent()) {
            copies = 2;
          }
        }
        case Fault.Reorder r when r.target().covers(from, to) -> reorders.add(r);
        default -> {}
      }
    }
    for (Fault.Reorder r : reorders) {
      if (random.nextDouble() * 100 < r.percent()) {
        delay += random.nextLong(50 + 2 * delay + 1);
      }
    }
    return delay == 0 && copies == 1 ? NOW : new Verdict.Deliver(Duration.ofMillis(delay), copies);
  }

  private static long jittered(Fault.Delay d, RandomGenerator random) {
    long amount = d.amount().toMillis();
    long jitter = d.jitter().toMillis();
    return jitter == 0 ? amount : Math.max(0, amount - jitter + random.nextLong(2 * jitter + 1));
  }

  private void replace(Fault.Network fault, Target target, boolean removes) {
    switch (target) {
      case Target.Node n -> check(n.name());
      case Target.Link l -> {
        check(l.from());
        check(l.to());
      }
      case Target.All a -> {}
    }
    perTarget.removeIf(f -> f.getClass() == fault.getClass() && targetOf(f).equals(target));
    if (!removes) {
      perTarget.add(fault);
    }
  }

  private static Target targetOf(Fault.Network f) {
    return switch (f) {
      case Fault.Delay d -> d.target();
      case Fault.Loss l -> l.target();
      case Fault.Bandwidth b -> b.target();
      case Fault.Duplicate d -> d.target();
      case Fault.Reorder r -> r.target();
      default -> throw new IllegalStateException("not a per-target fault: " + f.text());
    };
  }

  private void checkShape(Fault.Shape shape) {
    switch (shape) {
      case Fault.Groups g -> g.groups().forEach(group -> group.forEach(this::check));
      case Fault.Isolate i -> check(i.node());
      case Fault.Bridge b -> check(b.node());
      case Fault.Halves h -> needNodes(shape, 2);
      case Fault.MajorityRing r -> needNodes(shape, 3);
    }
    if (shape instanceof Fault.Isolate || shape instanceof Fault.Bridge) {
      needNodes(shape, shape instanceof Fault.Bridge ? 3 : 2);
    }
  }

  private void needNodes(Fault.Shape shape, int least) {
    if (nodes.size() < least) {
      throw new IllegalArgumentException(
          "partition " + shape.text() + " needs a cluster of " + least + " or more nodes");
    }
  }

  private String check(String node) {
    if (!nodes.isEmpty() && !nodes.contains(node)) {
      throw new IllegalArgumentException(
          node + " is not in the cluster; its nodes are " + String.join(", ", nodes));
    }
    return node;
  }
}
