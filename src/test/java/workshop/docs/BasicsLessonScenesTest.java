package workshop.docs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import workshop.support.http.CallFailure;
import workshop.support.http.WebClient;

/**
 * The basics lesson's steps 3, 6 and 7 as a student runs them: {@code ./workshop up basics}, then
 * {@code ./workshop net partition}, {@code heal}, {@code pause}, {@code resume}, {@code delay} and
 * {@code reset} with the lesson's curl lines in between; every block and up's terminal compared
 * with the lesson's (masked, see {@link Transcript}). The scene waits where a student would: for
 * the registry to declare a node dead before writing without it, and for the repair after a heal.
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

  @TempDir Path state;

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
