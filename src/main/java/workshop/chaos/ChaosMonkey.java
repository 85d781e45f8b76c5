package workshop.chaos;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A chaos monkey's decision for one round: kill one alive node, picked at random, or skip, and say
 * why. Netflix's Chaos Monkey (2011) killed production instances during working hours so that
 * losing one became routine; see Basiri et al., "Chaos Engineering", IEEE Software 33(3), 2016.
 *
 * <p>Invariants: it picks only an alive node; never the last alive one; never while {@code maxDown}
 * nodes are down already. With {@code maxDown} 1 and the capstone's N=3, W=2, every key keeps two
 * live replicas, so every write can still meet its quorum while the monkey runs. The same seed and
 * the same views give the same choices: alive nodes are taken in id order, and a random number is
 * drawn only when a node is picked.
 *
 * <p>Trade-off: it judges by the registry's view, which lags by up to the heartbeat timeout; a node
 * that crashed by itself a moment ago still looks alive. Counting it as alive can let a second node
 * go down for those few seconds; waiting for certainty would mean never acting.
 *
 * <p>Unlike the original's script, which killed any process with "node.py" in its command line, it
 * knows nodes only by what the registry lists. Not thread-safe; the shell calls it from one loop.
 */
public final class ChaosMonkey {
  /** A node as the registry lists it. */
  public enum State {
    ALIVE,
    /** Dead: still holds a place on the ring, so it counts against the nodes that may be down. */
    DOWN,
    /** Starting, joining or gone: neither a target nor counted as down. */
    OTHER
  }

  public record Node(String id, State state) {}

  /** What to do this round. */
  public sealed interface Decision permits Kill, Skip {}

  /** Kill {@code id}, picked from {@code alive} alive nodes. */
  public record Kill(String id, int alive) implements Decision {
    public String reason() {
      return "1 of " + alive + " alive nodes";
    }
  }

  public record Skip(String reason) implements Decision {}

  private final int maxDown;
  private final RandomGenerator random;

  /**
   * @param maxDown how many nodes may be down at once, 1 or more
   * @param random seeded by the caller, so a run can be repeated
   */
  public ChaosMonkey(int maxDown, RandomGenerator random) {
    if (maxDown < 1) {
      throw new IllegalArgumentException("maxDown must be 1 or more, got " + maxDown);
    }
    this.maxDown = maxDown;
    this.random = random;
  }

  /** The decision for one round, given the registry's current list of nodes. */
  public Decision next(List<Node> nodes) {
    List<String> alive = ids(nodes, State.ALIVE);
    List<String> down = ids(nodes, State.DOWN);
    if (down.size() >= maxDown) {
      return new Skip(
          String.join(", ", down)
              + (down.size() == 1 ? " is" : " are")
              + " down, and at most "
              + maxDown
              + (maxDown == 1 ? " node" : " nodes")
              + " may be down at a time (--max-down "
              + maxDown
              + ")");
    }
    if (alive.isEmpty()) {
      return new Skip("no node is alive");
    }
    if (alive.size() == 1) {
      return new Skip(
          alive.get(0) + " is the last alive node; killing it would stop the whole cluster");
    }
    return new Kill(alive.get(random.nextInt(alive.size())), alive.size());
  }

  private static List<String> ids(List<Node> nodes, State state) {
    return nodes.stream().filter(n -> n.state() == state).map(Node::id).sorted().toList();
  }
}
