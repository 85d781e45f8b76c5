package workshop.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import workshop.cli.WorkshopJvm;
import workshop.support.http.CallFailure;
import workshop.support.http.WebClient;

/**
 * The basics lesson's steps as a student runs them. Steps 1, 2 and 8: two file servers, then the
 * lab's curl, ping and ab with the toolkit's http, ping and bench. Steps 3, 6 and 7: {@code
 * ./workshop up basics}, then {@code ./workshop net partition}, {@code heal}, {@code pause}, {@code
 * resume}, {@code delay} and {@code reset} with the lesson's curl lines in between, then the
 * registry stopped and restarted (the single point of failure); every block and up's terminal
 * compared with the lesson's (masked, see {@link Transcript}). The scene waits where a student
 * would: for the registry to declare a node dead before writing without it, and for the repair
 * after a heal.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@EnabledOnOs(
    value = {OS.LINUX, OS.MAC},
    disabledReason = "step 6 freezes a process with SIGSTOP, which Windows does not have")
class BasicsLessonScenesTest {
  static final String PARTITION = "the partition under ./workshop up basics";
  static final String PARTITION_LOG =
      "up's terminal during the partition under ./workshop up basics";
  static final String PARTITIONED = "the partitioned cluster under ./workshop up basics";
  static final String HEALED_LOG = "up's terminal after the heal under ./workshop up basics";
  static final String HEALED = "node-3 after the heal under ./workshop up basics";
  static final String PAUSE = "the pause under ./workshop up basics";
  static final String PAUSE_LOG = "up's terminal during the pause under ./workshop up basics";
  static final String DELAYS = "the delays under ./workshop up basics";
  static final String RESET = "the reset under ./workshop up basics";
  static final String SPOF = "the registry stopped under ./workshop up basics";

  static final String SERVERS = "the two file servers of the basics lab";
  static final String TERMINAL_1 = "terminal 1 of the basics lab";
  static final String PINGS = "the pings of the basics lab";
  static final String FAULTS = "the faults under ping in the basics lab";
  static final String BENCH = "the bench of the basics lab";

  @TempDir Path state;
  @TempDir Path sites;

  /**
   * Steps 1, 2 and 8 with the lab's tools: two {@code ./workshop serve}s (a JVM each, as in two
   * terminals), then {@code http}, {@code ping} (before and under {@code net delay} and {@code
   * partition}) and {@code bench} as the lesson runs them, and terminal 1's access lines.
   */
  @Test
  void stepsOneTwoAndEightWithTheLabsToolsShowWhatTheLessonShows() throws Exception {
    Path one = Files.createDirectories(sites.resolve("site-1"));
    Path two = Files.createDirectories(sites.resolve("site-2"));
    Files.writeString(one.resolve("hello.txt"), "hello from 8001\n");
    Files.writeString(two.resolve("hello.txt"), "hello from 8002\n");
    try (Stage stage = Stage.empty(state);
        WorkshopJvm terminal1 = serve(stage, 8001, one);
        WorkshopJvm terminal2 = serve(stage, 8002, two)) {
      for (WorkshopJvm t : List.of(terminal1, terminal2)) {
        assertThat(t.awaitLine(l -> l.startsWith("Serving HTTP on"), Duration.ofSeconds(120)))
            .as("serve started:\n%s", t.output())
            .isTrue();
      }
      stage.play(SERVERS);
      stage.play(PINGS);
      stage.play(FAULTS);
      stage.play(BENCH);
      DocTranscripts.assertMatch(TERMINAL_1, terminal1.output());
    }
  }

  private static WorkshopJvm serve(Stage stage, int docPort, Path dir) {
    return WorkshopJvm.start(
        stage.state(), "serve", "--port", "" + stage.port(docPort), "--dir", dir.toString());
  }

  @Test
  void stepsThreeSixAndSevenShowWhatTheLessonShows() {
    assumeTrue(Stage.hasCurl(), "curl is not installed, so the lesson's curl lines cannot run");
    try (Stage stage = Stage.up("basics", state);
        WebClient http = WebClient.create(Duration.ofSeconds(2))) {
      String registry = "http://127.0.0.1:" + stage.port(5000);
      Stage.await("three nodes alive", () -> alive(http, registry) == 3, 90);

      stage.play(PARTITION);
      stage.awaitUp(PARTITION_LOG, Duration.ofSeconds(30));
      stage.play(PARTITIONED);
      stage.awaitUp(HEALED_LOG, Duration.ofSeconds(40));
      stage.play(HEALED);

      String node2 = "http://127.0.0.1:" + stage.port(5002);
      stage.play(
          PAUSE,
          command -> {
            if (command.contains("user:erin") && command.contains("POST")) {
              waitForUp(stage, "node-2: alive -> dead");
            } else if (command.contains("/data/user:erin")) {
              // Resumed, it reads the write that waited in its socket (or anti-entropy brings it).
              Stage.await(
                  "node-2 holds user:erin", () -> holds(http, node2 + "/data/user:erin"), 30);
            }
          });
      stage.awaitUp(PAUSE_LOG, Duration.ofSeconds(30));
      stage.play(DELAYS);
      stage.play(RESET);
      stage.play(
          SPOF,
          command -> {
            if (command.contains("user:bob") && !command.contains("-m 2")) {
              // The restarted registry knows no one until each node's next heartbeat.
              Stage.await("three nodes alive again", () -> alive(http, registry) == 3, 60);
            }
          });
    }
  }

  private static void waitForUp(Stage stage, String text) {
    if (stage.awaitUpLine(l -> l.contains(text), Duration.ofSeconds(30)).isEmpty()) {
      throw new AssertionError("up did not print '" + text + "' within 30 s:\n" + stage.upLines());
    }
  }

  private static int alive(WebClient http, String registry) {
    try {
      String nodes = http.get(registry + "/nodes").text();
      return nodes.split("\"status\":\"alive\"", -1).length - 1;
    } catch (CallFailure e) {
      return 0;
    }
  }

  private static boolean holds(WebClient http, String url) {
    try {
      return http.get(url).ok();
    } catch (CallFailure e) {
      return false;
    }
  }
}
