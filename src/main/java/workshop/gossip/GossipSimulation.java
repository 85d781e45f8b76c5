package workshop.gossip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import workshop.fault.Fault;
import workshop.fault.Target;
import workshop.sim.Invariant;
import workshop.sim.SeedSweep;
import workshop.sim.Simulation;
import workshop.sim.TraceLevel;

/**
 * The gossip lesson at scale: N {@link GossipNode}s in a full mesh on the general simulator. Node 0
 * takes one update at time 0; every {@code roundMillis} each node's round timer fires; the run ends
 * when every node has the update (or after {@code maxRounds}). Deterministic for a seed.
 *
 * <p>Nodes start knowing nothing (not even themselves at version 0, as the HTTP nodes do) so that a
 * message carries only the update: the cost stays O(N) per round instead of O(N^2). Who has the
 * update is counted as nodes learn it (an observer of each step), never by scanning all nodes.
 */
public final class GossipSimulation {
  /**
   * @param loss probability that a message is lost, 0 <= loss < 1
   * @param maxDelayMillis messages take 1..maxDelay ms; below {@code roundMillis}
   * @param maxRounds the run gives up after this many rounds; 0 for 20 log2(N) + 50
   */
  public record Settings(
      int nodes,
      GossipConfig gossip,
      long seed,
      double loss,
      long roundMillis,
      long maxDelayMillis,
      int maxRounds) {
    public Settings {
      if (nodes < 2 || nodes > 1_000_000) {
        throw new IllegalArgumentException("nodes must be between 2 and 1000000, got " + nodes);
      }
      if (roundMillis < 10 || maxDelayMillis < 1 || maxDelayMillis >= roundMillis) {
        throw new IllegalArgumentException(
            "need 1 <= max delay < round length, and rounds >= 10 ms");
      }
      if (maxRounds < 0) {
        throw new IllegalArgumentException("max rounds must be 0 (no limit) or more");
      }
    }

    public Settings(
        int nodes, GossipConfig gossip, long seed, double loss, long roundMillis, long maxDelay) {
      this(nodes, gossip, seed, loss, roundMillis, maxDelay, 0);
    }

    public Settings withSeed(long s) {
      return new Settings(nodes, gossip, s, loss, roundMillis, maxDelayMillis, maxRounds);
    }

    public int roundLimit() {
      return maxRounds > 0 ? maxRounds : 20 * (32 - Integer.numberOfLeadingZeros(nodes)) + 50;
    }
  }

  /** After a round: how many nodes have the update and how many messages were sent so far. */
  public record Round(int round, int informed, long messages, long lost) {}

  /**
   * The whole run.
   *
   * @param uninformed the first few nodes still without the update at the end
   */
  public record Result(
      Settings settings, List<Round> rounds, boolean converged, List<String> uninformed) {
    public long messages() {
      return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).messages();
    }
  }

  /** Safety, checked after every step: a node never knows a newer version than node 0 wrote. */
  static final Invariant<GossipMessage> NO_INVENTED_VERSIONS =
      Invariant.of(
          "no node knows a version of node 0 that node 0 never wrote",
          (world, stepped) -> {
            if (stepped == null) {
              return null;
            }
            GossipNode n = (GossipNode) world.node(stepped);
            return n.state().version(0) > 1 ? stepped + " knows 0:" + n.state().version(0) : null;
          });

  private GossipSimulation() {}

  public static Result run(Settings s) {
    return run(s, null);
  }

  /**
   * Runs {@code seeds} seeds from {@code s.seed()} and reports the first that does not converge
   * within the round limit (or breaks the safety invariant), replayed with its trace.
   */
  public static java.util.Optional<SeedSweep.Failure> sweep(Settings s, int seeds) {
    return SeedSweep.run(
        s.seed(),
        seeds,
        (seed, level, trace) -> {
          Result r = run(s.withSeed(seed), level == TraceLevel.OFF ? null : trace);
          return r.converged()
              ? null
              : "only "
                  + r.rounds().get(r.rounds().size() - 1).informed()
                  + " of "
                  + s.nodes()
                  + " nodes had the update after "
                  + r.rounds().size()
                  + " rounds; still without it: "
                  + String.join(", ", r.uninformed())
                  + (s.nodes() - r.rounds().get(r.rounds().size() - 1).informed() > 5
                      ? ", ..."
                      : "");
        });
  }

  /**
   * Runs the simulation.
   *
   * @param trace receives the simulator's trace (every input and event), or null (use for small
   *     runs only)
   */
  public static Result run(Settings s, Consumer<String> trace) {
    String[] names = new String[s.nodes()];
    for (int i = 0; i < names.length; i++) {
      names[i] = "node-" + i;
    }
    GossipConfig config = s.gossip().withInterval(Duration.ofMillis(s.roundMillis()));
    GossipNode[] nodes = new GossipNode[names.length];
    boolean[] informed = new boolean[names.length];
    int[] count = {0};
    var builder =
        Simulation.<GossipMessage>builder(
                Arrays.asList(names),
                (name, persisted) -> {
                  int i = Integer.parseInt(name.substring("node-".length()));
                  nodes[i] =
                      new GossipNode(
                          i, name, PeerSet.allExcept(i, names), config, GossipState.empty());
                  return nodes[i];
                })
            .seed(s.seed())
            .latency(Duration.ofMillis(1), Duration.ofMillis(s.maxDelayMillis()))
            .invariant(NO_INVENTED_VERSIONS)
            .observer(
                step -> {
                  int i = step.index();
                  if (!informed[i] && nodes[i].state().version(0) >= 1) {
                    informed[i] = true;
                    count[0]++;
                  }
                });
    if (trace != null) {
      builder.trace(TraceLevel.ALL, trace);
    }
    Simulation<GossipMessage> sim = builder.build();
    if (s.loss() > 0) {
      sim.apply(new Fault.Loss(new Target.All(), s.loss() * 100));
    }
    sim.startAll();
    sim.request(names[0], new GossipMessage.Update(null));
    List<Round> rounds = new ArrayList<>();
    int maxRounds = s.roundLimit();
    sim.runUntil(0);
    for (int r = 1; r <= maxRounds && count[0] < names.length; r++) {
      // Round r starts at r * round and its messages land within maxDelay; stop before r + 1.
      sim.runUntil(r * s.roundMillis() + s.roundMillis() - 1);
      var stats = sim.stats();
      rounds.add(new Round(r, count[0], stats.sent(), stats.dropped()));
    }
    List<String> uninformed = new ArrayList<>();
    for (int i = 0; i < names.length && uninformed.size() < 5; i++) {
      if (!informed[i]) {
        uninformed.add(names[i]);
      }
    }
    return new Result(s, rounds, count[0] == names.length, uninformed);
  }
}
