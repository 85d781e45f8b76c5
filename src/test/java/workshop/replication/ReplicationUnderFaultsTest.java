package workshop.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import workshop.fault.FaultParser;
import workshop.sim.NodeStatus;
import workshop.sim.SeedSweep;
import workshop.sim.Simulation;
import workshop.sim.TraceLevel;

/**
 * Replication under every fault the simulator has, a few hundred seeds each: loss, duplication,
 * reordering, delay, partitions, pauses, crashes with restarts, and (in the first sweep) failovers
 * by REPLICAOF. The ledger's invariants are checked after every step; at the end the network heals,
 * every node is pointed at one primary, and every node must hold exactly the primary's keys. A
 * failing seed is replayed with its trace; {@code -Drepl.first=N -Drepl.seeds=1} replays one.
 */
class ReplicationUnderFaultsTest {
  private static final List<String> NODES = List.of("kv-1", "kv-2", "kv-3");
  private static final long FIRST = Long.getLong("repl.first", 1);
  private static final int SEEDS = Integer.getInteger("repl.seeds", 200);

  @Test
  void replicasStayPrefixConsistentAndConvergeThroughFaultsAndFailovers() {
    assertNoFailure(
        SeedSweep.run(FIRST, SEEDS, (seed, level, trace) -> run(seed, level, trace, true)));
  }

  @Test
  void withMinReplicasToWriteEveryWriteAnsweredOkIsOnThatManyReplicas() {
    assertNoFailure(
        SeedSweep.run(FIRST, SEEDS, (seed, level, trace) -> run(seed, level, trace, false)));
  }

  private static void assertNoFailure(Optional<SeedSweep.Failure> failure) {
    assertThat(failure)
        .as(
            () ->
                failure
                    .map(
                        f ->
                            "seed "
                                + f.seed()
                                + ": "
                                + f.problem()
                                + "\n"
                                + String.join("\n", f.trace()))
                    .orElse(""))
        .isEmpty();
  }

  /** One seed: 12 s of random clients and faults, then heal, one primary, and 5 s to converge. */
  private static String run(
      long seed, TraceLevel level, Consumer<String> trace, boolean failovers) {
    SplittableRandom random = new SplittableRandom(seed);
    ReplicationConfig config =
        ReplicationConfig.DEFAULTS
            .withPersistedData(true) // restarts keep the keys, as with appendfsync always
            .withBacklog(2 + random.nextInt(40)) // small: overruns and full syncs happen
            .withTimes(Duration.ofMillis(100), Duration.ofMillis(500))
            .withFencing(random.nextBoolean())
            .withMinReplicas(failovers ? 0 : 1 + random.nextInt(2), Duration.ofMillis(300));
    var builder =
        Simulation.<ReplicationMessage>builder(
                NODES,
                (name, saved) ->
                    new ReplicationNode(name, config, name.equals("kv-1") ? null : "kv-1", saved))
            .seed(seed)
            .latency(Duration.ofMillis(1), Duration.ofMillis(10))
            .trace(level, trace);
    new HistoryLedger().invariants().forEach(builder::invariant);
    Simulation<ReplicationMessage> sim = builder.build();
    sim.startAll();
    Map<String, Long> recoverAt = new HashMap<>();
    int writes = 0;
    for (int tick = 0; tick < 240; tick++) {
      sim.runFor(Duration.ofMillis(50));
      recover(sim, recoverAt, false);
      String node = NODES.get(random.nextInt(3));
      int roll = random.nextInt(100);
      if (roll < 60) {
        sim.request(node, new ReplicationMessage.Set("k" + random.nextInt(5), "v" + writes++));
      } else if (roll < 65) {
        sim.request(node, new ReplicationMessage.Del("k" + random.nextInt(5)));
      } else if (roll < 70) {
        sim.request(node, new ReplicationMessage.Wait(1 + random.nextInt(2), 200));
      } else if (roll < 74) {
        fault(sim, random, recoverAt);
      } else if (roll < 75 && failovers) {
        failover(sim, random);
      }
    }
    recover(sim, recoverAt, true);
    sim.apply(FaultParser.parse("heal"));
    sim.runFor(Duration.ofSeconds(1)); // requests still on their way land first
    onePrimary(sim);
    sim.runFor(Duration.ofSeconds(5));
    sim.checkInvariants();
    return converged(sim);
  }

  private static void fault(
      Simulation<ReplicationMessage> sim, SplittableRandom random, Map<String, Long> recoverAt) {
    String node = NODES.get(random.nextInt(3));
    boolean up = sim.status(node) == NodeStatus.UP && !recoverAt.containsKey(node);
    long later = sim.nowMillis() + 200 + random.nextInt(1500);
    String fault =
        switch (random.nextInt(9)) {
          case 0 -> "partition " + node + " | " + String.join(",", others(node));
          case 1 -> "heal";
          case 2 -> "delay " + node + " " + (20 + random.nextInt(300)) + "ms";
          case 3 -> "loss all " + (5 + random.nextInt(30)) + "%";
          case 4 -> "duplicate all " + (5 + random.nextInt(20)) + "%";
          case 5 -> "reorder all " + (10 + random.nextInt(40)) + "%";
          case 6 -> up ? "crash " + node : null;
          case 7 -> up ? "pause " + node : null;
          default -> "block " + node + "->" + others(node).get(random.nextInt(2));
        };
    if (fault == null) {
      return;
    }
    sim.apply(FaultParser.parse(fault));
    if (fault.startsWith("crash") || fault.startsWith("pause")) {
      recoverAt.put(node, later);
    }
  }

  private static void recover(
      Simulation<ReplicationMessage> sim, Map<String, Long> recoverAt, boolean all) {
    for (var it = recoverAt.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (all || e.getValue() <= sim.nowMillis()) {
        it.remove();
        NodeStatus s = sim.status(e.getKey());
        sim.apply(
            FaultParser.parse((s == NodeStatus.PAUSED ? "resume " : "restart ") + e.getKey()));
      }
    }
  }

  /** An operator's failover: promote a running replica, point the others at it. */
  private static void failover(Simulation<ReplicationMessage> sim, SplittableRandom random) {
    String node = NODES.get(random.nextInt(3));
    if (sim.status(node) != NodeStatus.UP || node(sim, node).isPrimary()) {
      return;
    }
    sim.request(node, new ReplicationMessage.ReplicaOf(null));
    for (String other : others(node)) {
      sim.request(other, new ReplicationMessage.ReplicaOf(node));
    }
  }

  /** Points every node at the primary of the highest epoch. */
  private static void onePrimary(Simulation<ReplicationMessage> sim) {
    String best = null;
    for (String n : NODES) {
      if (node(sim, n).isPrimary()
          && (best == null || node(sim, n).epoch() > node(sim, best).epoch())) {
        best = n;
      }
    }
    if (best == null) {
      best = "kv-1";
      sim.request(best, new ReplicationMessage.ReplicaOf(null));
    }
    for (String other : others(best)) {
      sim.request(other, new ReplicationMessage.ReplicaOf(best));
    }
  }

  /** Exactly one primary (fencing may have moved the role on), and every other node its copy. */
  private static String converged(Simulation<ReplicationMessage> sim) {
    List<String> primaries = NODES.stream().filter(n -> node(sim, n).isPrimary()).toList();
    if (primaries.size() != 1) {
      return "after the final REPLICAOF, the primaries are " + primaries;
    }
    String primary = primaries.get(0);
    ReplicationNode p = node(sim, primary);
    for (String other : others(primary)) {
      ReplicationNode r = node(sim, other);
      ReplicationInfo info = r.info(sim.clock(other).toEpochMilli());
      if (r.offset() != p.offset() || !r.keys().equals(p.keys()) || !info.linkUp()) {
        return other
            + " did not converge on "
            + primary
            + ": offset "
            + r.offset()
            + " of "
            + p.offset()
            + ", link "
            + (info.linkUp() ? "up" : "down")
            + ", keys "
            + r.keys()
            + " vs "
            + p.keys();
      }
    }
    return null;
  }

  private static ReplicationNode node(Simulation<ReplicationMessage> sim, String name) {
    return (ReplicationNode) sim.node(name);
  }

  private static List<String> others(String node) {
    List<String> out = new ArrayList<>(NODES);
    out.remove(node);
    return out;
  }
}
