package workshop.resilient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import workshop.fault.FaultParser;
import workshop.protocol.RequestId;
import workshop.quorum.QuorumConfig;
import workshop.quorum.QuorumRead;
import workshop.quorum.QuorumWrite;
import workshop.quorum.ReplicaReply;
import workshop.quorum.Versioned;
import workshop.sharding.HashRing;
import workshop.sim.ClientOutcome;
import workshop.sim.SeedSweep;
import workshop.sim.Simulation;
import workshop.sim.TraceLevel;

/**
 * The capstone's promise in virtual time, where a seed replays a run exactly: three replicas (N=3,
 * W=2, R=2), a write every 10 ms through a quorum coordinator, and for 6 s a chaos monkey that
 * crashes one replica at a time and restarts it with nothing (replicas persist nothing), as {@code
 * AcknowledgedWritesSurviveChaosTest} does to real processes. Then every acknowledged write must
 * read back, right away, with no pause for repair.
 *
 * <p>The coordinator is this test's: it sends each replica the original's replicate, counts an
 * acknowledgement only when the answer says the replica holds the write, and reads by quorum,
 * taking the newest version among the answers. A replica that answers neither found nor missing (it
 * is still catching up) does not count toward R. The monkey, like an operator, takes no node down
 * while a restarted one has not caught up: N=3 survives one failure at a time, and a replica that
 * has not yet got its keys back is still a failure.
 */
class SimulatedChaosTest {
  static final List<String> NODES = List.of("node-1", "node-2", "node-3");
  static final QuorumConfig QUORUM = QuorumConfig.DEFAULT;

  /**
   * A round every second: slower than the real-process test's 300 ms, as on a busy machine, where a
   * restarted node also waits for the registry's answer before its first round, and its peers for
   * its new address. Repair that lags behind the chaos is what lost writes.
   */
  static final ReplicaConfig CONFIG = new ReplicaConfig(3, Duration.ofSeconds(1));

  static final HashRing RING = new HashRing(NODES, HashRing.DEFAULT_VIRTUAL_NODES);
  static final long CHAOS_MILLIS = 6_000;

  /**
   * Up to 60 ms per message, as on a busy 2-core laptop: an answer can come well after the
   * coordinator's 50 ms of grace.
   */
  static final Duration LATENCY_MAX = Duration.ofMillis(60);

  /** Keys read back every 10 ms while the chaos goes on. */
  static final int READS_PER_TICK = 5;

  /** The registry's coordinator waits this long for the rest once R answers count. */
  static final long GRACE_MILLIS = 50;

  @Test
  void everyAcknowledgedWriteReadsBackUnderChaosForEachOf60Seeds() {
    // -Dchaos.first=42 -Dchaos.seeds=1 replays one seed.
    Optional<SeedSweep.Failure> failure =
        SeedSweep.run(
            Long.getLong("chaos.first", 1),
            Integer.getInteger("chaos.seeds", 60),
            SimulatedChaosTest::run);
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

  /**
   * Seed 42 lost 371 acknowledged writes before restarted replicas caught up first: key:58 was
   * written while node-1 was down, so to node-2 and node-3; node-1 and then node-3 restarted empty
   * and answered reads at once, before anti-entropy had reached them; at 2.47 s node-2, the last
   * holder, crashed, and the read heard "not found" from node-3 and node-1.
   */
  @Test
  void restartedReplicasCatchUpBeforeTheNextCrashSoTheLastCopyIsNeverTheOnlyOne() {
    assertThat(run(42, TraceLevel.OFF, null)).isNull();
  }

  /**
   * One run under {@code seed}: null when every acknowledged write read back, else what did not.
   */
  static String run(long seed, TraceLevel level, Consumer<String> trace) {
    var builder =
        Simulation.<ReplicaMessage>builder(
                NODES, (name, persisted) -> ReplicaNode.withMembers(name, NODES, CONFIG))
            .seed(seed)
            .latency(Duration.ofMillis(1), LATENCY_MAX);
    if (trace != null) {
      builder.trace(level, trace);
    }
    Simulation<ReplicaMessage> sim = builder.build();
    sim.startAll();
    Run run = new Run(sim, new SplittableRandom(seed), new SplittableRandom(seed + 1));
    List<String> chaos = run.chaos();
    List<String> lost = run.readBack();
    return lost.isEmpty()
        ? null
        : lost.size()
            + " acknowledged writes did not read back, first "
            + lost.get(0)
            + "; chaos "
            + chaos;
  }

  /** A quorum read: the key, the request to each replica, and when it was asked. */
  record Asked(String key, Map<RequestId, String> replicas, long at) {}

  /** The coordinator, the writer and the monkey of one run. */
  static final class Run {
    final Simulation<ReplicaMessage> sim;
    final SplittableRandom plan;
    final SplittableRandom random;
    final Map<RequestId, String> sentTo = new HashMap<>();
    final Map<String, List<RequestId>> writes = new LinkedHashMap<>();
    final Map<String, Versioned> written = new HashMap<>();
    final List<Asked> reads = new ArrayList<>();
    final Map<RequestId, ClientOutcome<ReplicaMessage>> indexed = new HashMap<>();

    /** A restarted replica, and the read that asks whether it serves again. */
    String catchingUp;

    RequestId probe;

    /**
     * @param plan draws the chaos, as the real-process test does with the same seed
     * @param random picks the keys read during the chaos
     */
    Run(Simulation<ReplicaMessage> sim, SplittableRandom plan, SplittableRandom random) {
      this.sim = sim;
      this.plan = plan;
      this.random = random;
    }

    /**
     * Writes every 10 ms and, between 200 and 500 ms apart, one chaos action drawn exactly as the
     * real-process test draws it from the same seed (its scale-ups are drawn too, and skipped: the
     * simulated replicas are a fixed three); the last action is the first one due at or after
     * {@link #CHAOS_MILLIS}, and the reads begin right after it.
     */
    List<String> chaos() {
      List<String> log = new ArrayList<>();
      java.util.TreeSet<String> up = new java.util.TreeSet<>(NODES);
      String down = null;
      int added = NODES.size();
      long nextChaos = 200 + plan.nextInt(300);
      for (int i = 0; ; i++) {
        write("key:" + i, "v" + i, i + 1);
        readSomeAcknowledged();
        sim.runFor(Duration.ofMillis(10));
        if (sim.nowMillis() < nextChaos) {
          continue;
        }
        double roll = plan.nextDouble();
        if (down != null && roll < 0.5) {
          up.add(down);
          if (NODES.contains(down)) {
            sim.apply(FaultParser.parse("restart " + down + " wipe"));
            log.add(sim.nowMillis() + "ms restart " + down);
            catchingUp = down;
            probe = sim.request(down, new ReplicaMessage.Read("probe"));
          }
          down = null;
        } else if (down == null && roll < 0.6 && !stillCatchingUp()) {
          down = new ArrayList<>(up).get(plan.nextInt(up.size()));
          up.remove(down);
          if (NODES.contains(down)) {
            sim.apply(FaultParser.parse("crash " + down));
            log.add(sim.nowMillis() + "ms crash " + down);
          }
        } else if (roll > 0.85 && added < 5) {
          up.add("node-" + (++added));
        }
        if (nextChaos >= CHAOS_MILLIS) {
          return log;
        }
        nextChaos = sim.nowMillis() + 200 + plan.nextInt(300);
      }
    }

    /**
     * Whether the replica restarted last still answers reads with neither found nor missing (asked
     * again each time until it answers either).
     */
    private boolean stillCatchingUp() {
      if (catchingUp == null) {
        return false;
      }
      Optional<ClientOutcome<ReplicaMessage>> answer = outcome(probe);
      if (answer.isPresent()
          && (answer.get().body() instanceof ReplicaMessage.Found
              || answer.get().body() instanceof ReplicaMessage.Missing)) {
        catchingUp = null;
        return false;
      }
      if (answer.isPresent()) {
        probe = sim.request(catchingUp, new ReplicaMessage.Read("probe"));
      }
      return true;
    }

    private void write(String key, String value, long version) {
      List<RequestId> ids = new ArrayList<>();
      for (String replica : RING.preferenceList(key, QUORUM.n())) {
        RequestId id =
            sim.request(replica, new ReplicaMessage.Replicate(key, value, version, "coordinator"));
        sentTo.put(id, replica);
        ids.add(id);
      }
      writes.put(key, ids);
      written.put(key, new Versioned(value, version));
    }

    /**
     * Quorum reads, during the chaos, of a few keys whose writes were acknowledged by then (their
     * answers are judged at the end, as the registry would have heard them).
     */
    private void readSomeAcknowledged() {
      List<String> keys = new ArrayList<>(writes.keySet());
      for (int tries = 0; tries < READS_PER_TICK && !keys.isEmpty(); tries++) {
        String key = keys.get(random.nextInt(keys.size()));
        if (acknowledged(key)) {
          reads.add(ask(key));
        }
      }
    }

    /** Whether W replicas have said they hold the write of {@code key}, as of now. */
    private boolean acknowledged(String key) {
      Versioned sent = written.get(key);
      List<QuorumWrite.Ack> acks = new ArrayList<>();
      for (RequestId id : writes.get(key)) {
        acks.add(ack(sentTo.get(id), sent, outcome(id)));
      }
      return QuorumWrite.decide(QUORUM, sent, acks).ok();
    }

    /**
     * The acknowledged writes that a read missed: during the chaos, and right after it, when every
     * acknowledged key is read at once (a read that cannot meet its quorum is tried again a little
     * later: unavailable is not lost).
     */
    List<String> readBack() {
      List<String> lost = new ArrayList<>();
      for (Asked a : reads) {
        missed(a).ifPresent(lost::add);
      }
      List<String> pending = new ArrayList<>();
      for (String key : writes.keySet()) {
        if (acknowledged(key)) {
          pending.add(key);
        }
      }
      for (int round = 0; round < 20 && !pending.isEmpty(); round++) {
        List<Asked> asked = new ArrayList<>();
        for (String key : pending) {
          asked.add(ask(key));
        }
        sim.runFor(Duration.ofMillis(2 * LATENCY_MAX.toMillis() + GRACE_MILLIS));
        pending.clear();
        for (Asked a : asked) {
          QuorumRead.Result r = QuorumRead.decide(QUORUM, asTheRegistryHears(a.replicas(), a.at()));
          if (!r.ok()) {
            pending.add(a.key());
          } else {
            missed(a).ifPresent(lost::add);
          }
        }
      }
      return lost;
    }

    /** Asks the key's replicas for it now. */
    private Asked ask(String key) {
      Map<RequestId, String> asked = new LinkedHashMap<>();
      for (String replica : RING.preferenceList(key, QUORUM.n())) {
        asked.put(sim.request(replica, new ReplicaMessage.Read(key)), replica);
      }
      return new Asked(key, asked, sim.nowMillis());
    }

    /** What a read that met its quorum got wrong, if it did. */
    private Optional<String> missed(Asked a) {
      QuorumRead.Result r = QuorumRead.decide(QUORUM, asTheRegistryHears(a.replicas(), a.at()));
      Versioned sent = written.get(a.key());
      if (!r.ok() || r.latest().filter(sent::equals).isPresent()) {
        return Optional.empty();
      }
      return Optional.of(
          a.key()
              + " ("
              + sent
              + ") read at "
              + a.at()
              + "ms: "
              + r.latest().map(Object::toString).orElse("nothing")
              + ", "
              + r.reason());
    }

    /**
     * The answers as the registry's coordinator takes them: in the order they arrive, until R of
     * them count, and then those that come within its 50 ms of grace; later ones are counted out.
     */
    private List<ReplicaReply> asTheRegistryHears(Map<RequestId, String> asked, long askedAt) {
      List<ClientOutcome<ReplicaMessage>> arrived = new ArrayList<>();
      asked.keySet().forEach(id -> outcome(id).ifPresent(arrived::add));
      arrived.sort(java.util.Comparator.comparingLong(ClientOutcome::atMillis));
      Map<RequestId, ReplicaReply> heard = new HashMap<>();
      int good = 0;
      long graceEnds = Long.MAX_VALUE;
      for (ClientOutcome<ReplicaMessage> o : arrived) {
        if (o.atMillis() > graceEnds) {
          break;
        }
        ReplicaReply reply = reply(asked.get(o.request()), Optional.of(o));
        heard.put(o.request(), reply);
        if (!(reply instanceof ReplicaReply.Unreachable) && ++good == QUORUM.r()) {
          graceEnds = o.atMillis() + GRACE_MILLIS;
        }
      }
      List<ReplicaReply> replies = new ArrayList<>();
      asked.forEach(
          (id, replica) ->
              replies.add(
                  heard.getOrDefault(
                      id, new ReplicaReply.Unreachable(replica, "no answer within the grace"))));
      return replies;
    }

    /** How a request ended, if it has. */
    private Optional<ClientOutcome<ReplicaMessage>> outcome(RequestId id) {
      for (ClientOutcome<ReplicaMessage> o : sim.outcomesSince(indexed.size())) {
        indexed.put(o.request(), o);
      }
      return Optional.ofNullable(indexed.get(id));
    }

    private static QuorumWrite.Ack ack(
        String replica, Versioned sent, Optional<ClientOutcome<ReplicaMessage>> o) {
      if (o.isEmpty() || o.get().body() == null) {
        return QuorumWrite.Ack.failed(replica, "no answer");
      }
      return switch (o.get().body()) {
        case ReplicaMessage.Accepted a -> QuorumWrite.Ack.stored(replica);
        // Keys are written once, so a replica holding this version holds this write.
        case ReplicaMessage.Rejected r when r.currentVersion() == sent.version() ->
            QuorumWrite.Ack.stored(replica);
        default -> QuorumWrite.Ack.failed(replica, "answered " + o.get().body());
      };
    }

    private static ReplicaReply reply(String replica, Optional<ClientOutcome<ReplicaMessage>> o) {
      if (o.isEmpty() || o.get().body() == null) {
        return new ReplicaReply.Unreachable(replica, "no answer");
      }
      return switch (o.get().body()) {
        case ReplicaMessage.Found f ->
            new ReplicaReply.Found(replica, new Versioned(f.value(), f.version()));
        case ReplicaMessage.Missing m -> new ReplicaReply.Missing(replica);
        default -> new ReplicaReply.Unreachable(replica, "answered " + o.get().body());
      };
    }
  }
}
