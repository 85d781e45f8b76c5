package workshop.chaos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import workshop.chaos.ChaosMonkey;

/**
 * The chaos loop against a scripted registry and a clock the test moves: every line it prints, in
 * order, with no sleeping.
 */
class ChaosLoopTest {
  static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");

  /** A registry in miniature: kill marks dead; a restarted node heartbeats 2 s later. */
  static final class FakeRegistry implements ChaosLoop.Cluster {
    final Map<String, ChaosMonkey.State> states = new TreeMap<>();
    final Map<String, Instant> comesBackAt = new TreeMap<>();
    final FakeTimer timer;
    ChaosLoop.Answer refuseKill;
    ChaosLoop.Answer refuseRestart;

    FakeRegistry(FakeTimer timer, String... alive) {
      this.timer = timer;
      for (String id : alive) {
        states.put(id, ChaosMonkey.State.ALIVE);
      }
    }

    @Override
    public List<ChaosMonkey.Node> nodes() {
      comesBackAt.forEach(
          (id, at) -> {
            if (!timer.now.isBefore(at)) {
              states.put(id, ChaosMonkey.State.ALIVE);
            }
          });
      comesBackAt.values().removeIf(at -> !timer.now.isBefore(at));
      List<ChaosMonkey.Node> nodes = new ArrayList<>();
      states.forEach((id, s) -> nodes.add(new ChaosMonkey.Node(id, s)));
      return nodes;
    }

    @Override
    public ChaosLoop.Answer kill(String id) {
      if (refuseKill != null) {
        return refuseKill;
      }
      states.put(id, ChaosMonkey.State.DOWN);
      return new ChaosLoop.Answer(200, "");
    }

    @Override
    public ChaosLoop.Answer restart(String id) {
      if (refuseRestart != null) {
        return refuseRestart;
      }
      comesBackAt.put(id, timer.now.plusSeconds(2));
      return new ChaosLoop.Answer(200, "");
    }
  }

  /** Waiting moves the clock; a Ctrl+C can be scheduled at a given time. */
  static final class FakeTimer implements ChaosLoop.Timer {
    Instant now = NOON;
    Instant ctrlC;

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public boolean waitUntil(Instant t) {
      if (ctrlC != null && !ctrlC.isAfter(t)) {
        now = ctrlC;
        return false;
      }
      now = t;
      return true;
    }
  }

  private final FakeTimer timer = new FakeTimer();
  private final FakeRegistry registry = new FakeRegistry(timer, "node-1", "node-2", "node-3");
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private String run(Duration restartAfter, Integer rounds, boolean dryRun) {
    ChaosLoop.Settings settings =
        new ChaosLoop.Settings(
            "http://localhost:5000", Duration.ofSeconds(5), restartAfter, rounds, dryRun, 7, 1);
    new ChaosLoop(
            settings,
            new ChaosMonkey(1, new SplittableRandom(7)),
            registry,
            timer,
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            ZoneOffset.UTC)
        .run();
    return bytes.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void killsWaitsWhileANodeIsDownBringsItBackAndStopsAfterTheRounds() {
    assertThat(run(Duration.ofSeconds(8), 2, false))
        .isEqualTo(
            """
            [chaos 12:00:05] killing node-2 (1 of 3 alive nodes, seed 7); back at 12:00:13
            [chaos 12:00:10] skipping: node-2 is down, and at most 1 node may be down at a time (--max-down 1)
            [chaos 12:00:13] restarting node-2 (--restart-after 8s)
            [chaos 12:00:15] node-2 is back (alive again; anti-entropy copies what it missed)
            [chaos 12:00:15] killing node-1 (1 of 3 alive nodes, seed 7); back at 12:00:23
            [chaos 12:00:23] restarting node-1 (--restart-after 8s)
            [chaos 12:00:25] node-1 is back (alive again; anti-entropy copies what it missed)
            [chaos 12:00:25] done: 2 kills, 2 restarts""");
  }

  @Test
  void ctrlCSaysWhichNodeIsStillDownAndHowToBringItBack() {
    timer.ctrlC = NOON.plusSeconds(9);
    assertThat(run(Duration.ofSeconds(8), null, false))
        .isEqualTo(
            """
            [chaos 12:00:05] killing node-2 (1 of 3 alive nodes, seed 7); back at 12:00:13
            [chaos 12:00:09] stopped after 1 kill, 0 restarts; not back: node-2
            [chaos 12:00:09] node-2 is still down (its restart was due at 12:00:13): curl -X POST http://localhost:5000/restart/node-2""");
  }

  @Test
  void aNodeSomeoneElseBroughtBackIsNotRestartedAgain() {
    // A student restarts node-2 by hand (POST /restart/node-2) at 12:00:07, before its 12:00:13.
    registry.comesBackAt.put("node-2", NOON.plusSeconds(7));
    timer.ctrlC = NOON.plusSeconds(12);
    assertThat(run(Duration.ofSeconds(8), null, false))
        .isEqualTo(
            """
            [chaos 12:00:05] killing node-2 (1 of 3 alive nodes, seed 7); back at 12:00:13
            [chaos 12:00:10] node-2 is back already (someone else restarted it); no restart needed
            [chaos 12:00:10] killing node-1 (1 of 3 alive nodes, seed 7); back at 12:00:18
            [chaos 12:00:12] stopped after 2 kills, 0 restarts; not back: node-1
            [chaos 12:00:12] node-1 is still down (its restart was due at 12:00:18): curl -X POST http://localhost:5000/restart/node-1""");
  }

  @Test
  void withoutRestartsTheFirstVictimStaysDownAndTheMonkeyWaits() {
    timer.ctrlC = NOON.plusSeconds(16);
    assertThat(run(null, null, false))
        .isEqualTo(
            """
            [chaos 12:00:05] killing node-2 (1 of 3 alive nodes, seed 7)
            [chaos 12:00:10] skipping: node-2 is down, and at most 1 node may be down at a time (--max-down 1)
            [chaos 12:00:15] skipping: node-2 is down, and at most 1 node may be down at a time (--max-down 1)
            [chaos 12:00:16] stopped after 1 kill""");
  }

  @Test
  void aRefusedKillIsSkippedAndDoesNotCountAsARound() {
    registry.refuseKill =
        new ChaosLoop.Answer(409, "Node 'node-2' is the last one alive; killing it loses...");
    timer.ctrlC = NOON.plusSeconds(11);
    assertThat(run(null, 1, false))
        .isEqualTo(
            """
            [chaos 12:00:05] killing node-2 (1 of 3 alive nodes, seed 7)
            [chaos 12:00:05] the registry did not kill node-2 (409: Node 'node-2' is the last one alive; killing it loses...); skipped
            [chaos 12:00:10] killing node-1 (1 of 3 alive nodes, seed 7)
            [chaos 12:00:10] the registry did not kill node-1 (409: Node 'node-2' is the last one alive; killing it loses...); skipped
            [chaos 12:00:11] stopped after 0 kills""");
  }

  @Test
  void aRefusedRestartLeavesTheNodeDownAndSaysWhy() {
    registry.refuseRestart =
        new ChaosLoop.Answer(501, "this registry was started without scale-up");
    assertThat(run(Duration.ofSeconds(3), 1, false))
        .isEqualTo(
            """
            [chaos 12:00:05] killing node-2 (1 of 3 alive nodes, seed 7); back at 12:00:08
            [chaos 12:00:08] restarting node-2 (--restart-after 3s)
            [chaos 12:00:08] could not restart node-2 (501: this registry was started without scale-up); it stays down
            [chaos 12:00:08] done: 1 kill, 0 restarts""");
  }

  @Test
  void aDryRunKillsNothing() {
    assertThat(run(Duration.ofSeconds(8), 2, true))
        .isEqualTo(
            """
            [chaos 12:00:05] would kill node-2 (1 of 3 alive nodes, seed 7) and restart it at 12:00:13 [dry run]
            [chaos 12:00:10] would kill node-1 (1 of 3 alive nodes, seed 7) and restart it at 12:00:18 [dry run]
            [chaos 12:00:10] done: 2 would-be kills""");
    assertThat(registry.states).doesNotContainValue(ChaosMonkey.State.DOWN);
  }

  @Test
  void anUnreachableRegistryIsReportedAndTriedAgain() {
    ChaosLoop.Cluster down =
        new ChaosLoop.Cluster() {
          @Override
          public List<ChaosMonkey.Node> nodes() {
            throw new IllegalStateException(
                "cannot reach the registry at http://localhost:5000 (nothing is listening)");
          }

          @Override
          public ChaosLoop.Answer kill(String id) {
            throw new AssertionError("no kill without a node list");
          }

          @Override
          public ChaosLoop.Answer restart(String id) {
            throw new AssertionError();
          }
        };
    timer.ctrlC = NOON.plusSeconds(6);
    new ChaosLoop(
            new ChaosLoop.Settings(
                "http://localhost:5000", Duration.ofSeconds(5), null, null, false, 7, 1),
            new ChaosMonkey(1, new SplittableRandom(7)),
            down,
            timer,
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            ZoneOffset.UTC)
        .run();
    assertThat(bytes.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo(
            """
            [chaos 12:00:05] cannot reach the registry at http://localhost:5000 (nothing is listening); trying again next round
            [chaos 12:00:06] stopped after 0 kills""");
  }
}
