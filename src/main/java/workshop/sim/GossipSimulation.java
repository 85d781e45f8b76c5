package workshop.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import workshop.gossip.GossipConfig;
import workshop.gossip.GossipMessage;
import workshop.gossip.GossipNode;
import workshop.gossip.GossipState;
import workshop.gossip.PeerSet;

/**
 * The gossip lesson at scale: N {@link GossipNode} cores in a full mesh on a {@link SimNetwork}.
 * Node 0 makes one update at time 0; every {@code roundMillis} each node runs a round; the run ends
 * when every node has the update (or after {@code maxRounds}). Deterministic for a seed.
 *
 * <p>Nodes start knowing nothing (not even themselves at version 0, as the HTTP nodes do) so that a
 * message carries only the update: the cost stays O(N) per round instead of O(N^2).
 */
public final class GossipSimulation {
  /**
   * @param loss probability that a message is lost, 0 <= loss < 1
   * @param maxDelayMillis messages take 1..maxDelay ms; below {@code roundMillis}
   */
  public record Settings(
      int nodes,
      GossipConfig gossip,
      long seed,
      double loss,
      long roundMillis,
      long maxDelayMillis) {
    public Settings {
      if (nodes < 2 || nodes > 1_000_000) {
        throw new IllegalArgumentException("nodes must be between 2 and 1000000, got " + nodes);
      }
      if (roundMillis < 1 || maxDelayMillis < 1 || maxDelayMillis >= roundMillis) {
        throw new IllegalArgumentException("need 1 <= max delay < round length");
      }
    }
  }

  /** After a round: how many nodes have the update and how many messages were sent so far. */
  public record Round(int round, int informed, long messages, long lost) {}

  /** The whole run. */
  public record Result(Settings settings, List<Round> rounds, boolean converged) {
    public long messages() {
      return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).messages();
    }
  }

  private GossipSimulation() {}

  public static Result run(Settings s) {
    return run(s, null);
  }

  /**
   * Runs the simulation.
   *
   * @param trace receives one line per message delivered, or null (use for small runs only)
   */
  public static Result run(Settings s, Consumer<String> trace) {
    SplittableRandom seeds = new SplittableRandom(s.seed());
    SplittableRandom choices = seeds.split();
    SimNetwork<GossipMessage> net =
        new SimNetwork<>(seeds.split(), s.loss(), 1, s.maxDelayMillis());
    GossipNode[] nodes = new GossipNode[s.nodes()];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] =
          new GossipNode(i, PeerSet.allExcept(i, nodes.length), s.gossip(), GossipState.empty());
    }
    nodes[0].update(null, net.clock().instant());
    boolean[] informed = new boolean[nodes.length];
    informed[0] = true;
    int[] count = {1};
    List<Round> rounds = new ArrayList<>();
    int maxRounds = 20 * (32 - Integer.numberOfLeadingZeros(nodes.length)) + 50;
    for (int r = 1; r <= maxRounds && count[0] < nodes.length; r++) {
      for (GossipNode node : nodes) {
        for (GossipMessage m : node.tick(net.clock().instant(), choices)) {
          net.send(m.from(), m.to(), m);
        }
      }
      net.runUntil(
          r * s.roundMillis(),
          (from, to, m) -> {
            GossipNode receiver = nodes[to];
            for (GossipMessage reply : receiver.receive(m, net.clock().instant())) {
              net.send(reply.from(), reply.to(), reply);
            }
            boolean learned = !informed[to] && receiver.state().version(0) >= 1;
            if (learned) {
              informed[to] = true;
              count[0]++;
            }
            if (trace != null) {
              trace.accept(
                  String.format(
                      "t=%5d ms  %-11s %d -> %d  {%s}%s",
                      net.clock().millis(),
                      m.getClass().getSimpleName(),
                      from,
                      to,
                      m.state(),
                      learned ? "  node " + to + " learns the update" : ""));
            }
          });
      rounds.add(new Round(r, count[0], net.sent(), net.lost()));
    }
    return new Result(s, rounds, count[0] == nodes.length);
  }
}
