package workshop.docs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.cli.WorkshopJvm;

/**
 * Lesson 01 as a student follows it: {@code ./workshop up 01}, the curl lines of Step 2, node 2
 * restarted with load, and the client through Phases 1 to 4, against the module's real node
 * processes. The client runs in this JVM for one second a phase instead of the lesson's ten ({@code
 * --duration 1s}; it then waits for the requests in flight): masked, its lines are the same, and
 * the lesson leaves out the middle of the verbose run.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class NodesLessonScenesTest {
  static final String UP = "./workshop up 01";
  static final String STEP2 = "talking to the nodes of ./workshop up 01";
  static final String RESTART = "restarting node 2 with load, under ./workshop up 01";
  static final String UP_RESTART =
      "up's terminal as node 2 restarts with load, under ./workshop up 01";
  static final String PHASE1 =
      "./workshop client --concurrent 5 --target http://localhost:5002 --verbose, Phase 1 under"
          + " ./workshop up 01";
  static final String NODE2_LOG = "node 2's log in Phase 1, under ./workshop up 01";
  static final String STATS = "curl http://localhost:5002/stats in Phase 1, under ./workshop up 01";
  static final String PHASE2 =
      "./workshop client --concurrent 5 --target http://localhost:5002, Phase 2 under ./workshop up"
          + " 01";
  static final String PHASE3 =
      "./workshop client --concurrent 20 --target http://localhost:5002, Phase 3 under ./workshop"
          + " up 01";
  static final String PHASE4 = "./workshop client --concurrent 20, Phase 4 under ./workshop up 01";
  static final String EQUAL =
      "./workshop client --concurrent 20, three equal nodes under ./workshop up 01";
  static final String NO_NODE = "./workshop client --concurrent 20";
  static final String REAL_CPU =
      "./workshop node --port 5002 --id 2 --load-factor 35 --workers 10 --cpu real";

  @TempDir Path state;

  @Test
  void theScalingJourneyUnderUpShowsWhatTheLessonShows() {
    assumeTrue(Stage.hasCurl(), "curl is not installed, so the lesson's curl lines cannot run");
    try (Stage stage = Stage.up("01", state)) {
      stage.awaitUp(UP, Duration.ofSeconds(10));
      stage.play(STEP2);
      stage.play(RESTART);
      stage.awaitUp(UP_RESTART, Duration.ofSeconds(30));
      String node2 = "http://localhost:" + stage.port(5002);
      String nodes =
          String.join(
              ",",
              "http://localhost:" + stage.port(5001),
              node2,
              "http://localhost:" + stage.port(5003));

      // Phase 1, and /stats while five requests queue on one worker.
      String[] stats = {null};
      String phase1 =
          InProcess.run(
              out -> {
                if (out.lines().filter(l -> l.startsWith("✅")).count() >= 2) {
                  stats[0] =
                      "$ curl http://localhost:5002/stats\n"
                          + stage.run("curl " + node2 + "/stats");
                  return true;
                }
                return false;
              },
              "client",
              "--concurrent",
              "5",
              "--target",
              node2,
              "--verbose",
              "--duration",
              "1s");
      DocTranscripts.assertMatch(PHASE1, phase1);
      DocTranscripts.assertMatch(STATS, stats[0]);
      stage.awaitUp(NODE2_LOG, Duration.ofSeconds(10));

      stage.run("./workshop restart node-2 --load-factor 35 --workers 10");
      await(node2);
      DocTranscripts.assertMatch(
          PHASE2,
          InProcess.run("client", "--concurrent", "5", "--target", node2, "--duration", "1s"));
      DocTranscripts.assertMatch(
          PHASE3,
          InProcess.run("client", "--concurrent", "20", "--target", node2, "--duration", "1s"));
      DocTranscripts.assertMatch(
          PHASE4,
          InProcess.run("client", "--concurrent", "20", "--nodes", nodes, "--duration", "1s"));

      stage.run("./workshop restart node-1 --load-factor 35 --workers 10");
      stage.run("./workshop restart node-3 --load-factor 35 --workers 10");
      await("http://localhost:" + stage.port(5001));
      await("http://localhost:" + stage.port(5003));
      DocTranscripts.assertMatch(
          EQUAL,
          InProcess.run("client", "--concurrent", "20", "--nodes", nodes, "--duration", "1s"));
    }
  }

  @Test
  void aClientWithNoNodeToTalkToStopsAndSaysWhichToStart() {
    // The lesson's command, on the lesson's ports: where something listens there (a class's own
    // up 01 on this machine), the check cannot run, and says why.
    for (int port = 5001; port <= 5003; port++) {
      assumeTrue(!WorkshopJvm.listens(port), "port " + port + " is in use on this machine");
    }
    DocTranscripts.assertMatch(NO_NODE, InProcess.exits(1, "client", "--concurrent", "20"));
  }

  @Test
  void aNodeOnThisMachinesRealCoresSaysSo() throws InterruptedException {
    Stage ports = Stage.empty(state);
    ports.port(5002);
    String[] args = Words.split(ports.moved(REAL_CPU)).stream().skip(1).toArray(String[]::new);
    try (WorkshopJvm node = WorkshopJvm.start(state, args)) {
      org.assertj.core.api.Assertions.assertThat(
              node.awaitLine(l -> l.startsWith("Listening on"), Duration.ofSeconds(60)))
          .as(node.output())
          .isTrue();
      DocTranscripts.assertMatch(REAL_CPU, node.output());
    }
  }

  /** Waits until a restarted node answers, as a student's next command would find it. */
  private static void await(String node) {
    try (workshop.support.http.WebClient http =
        workshop.support.http.WebClient.create(Duration.ofSeconds(1))) {
      Stage.await(
          node + " answers",
          () -> {
            try {
              return http.get(node + "/health").status() == 200;
            } catch (workshop.support.http.CallFailure e) {
              return false;
            }
          },
          30);
    }
  }
}
