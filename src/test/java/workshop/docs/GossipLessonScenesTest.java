package workshop.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.support.http.CallFailure;
import workshop.support.http.WebClient;

/**
 * Lesson 07's micro-challenge as the lesson shows it: {@code ./workshop up 07}, node 3 stopped with
 * {@code ./workshop stop gossip-3}, node 1 updated, node 3 restarted; the curl block and up's
 * terminal compared with the lesson's (masked, see {@link Transcript}).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class GossipLessonScenesTest {
  static final String MICRO = "the micro-challenge under ./workshop up 07";
  static final String UP_TERMINAL =
      "up's terminal during the micro-challenge under ./workshop up 07";

  @TempDir Path state;

  @Test
  void theMicroChallengeUnderUpShowsWhatTheLessonShows() {
    assumeTrue(Stage.hasCurl(), "curl is not installed, so the lesson's curl lines cannot run");
    try (Stage stage = Stage.up("07", state);
        WebClient http = WebClient.create(Duration.ofSeconds(2))) {
      // As in class, the nodes have gossiped a few rounds: each knows all four.
      for (int id = 1; id <= 4; id++) {
        int port = stage.port(7000 + id);
        Stage.await("node " + id + " knows all four", () -> known(http, port) == 4, 60);
      }
      stage.play(
          MICRO,
          command -> {
            if (command.equals("curl http://localhost:7004/")) {
              Stage.await(
                  "node 4 has node 1's update", () -> version1(http, stage.port(7004)) >= 1, 30);
            } else if (command.equals("./workshop restart gossip-3")) {
              // The lesson restarts node 3 once a node has given up on it.
              assertThat(stage.awaitUpLine(l -> l.contains("] suspect "), Duration.ofSeconds(90)))
                  .as("no node suspected node 3 within 90 s:\n%s", stage.upLines())
                  .isPresent();
            } else if (command.equals("curl http://localhost:7003/")) {
              Stage.await(
                  "the restarted node 3 knows all four",
                  () -> known(http, stage.port(7003)) == 4,
                  30);
            }
          });
      stage.awaitUp(UP_TERMINAL, Duration.ofSeconds(60));
    }
  }

  private static int known(WebClient http, int port) {
    try {
      return http.get("http://127.0.0.1:" + port + "/").json().path("states").size();
    } catch (CallFailure e) {
      return 0;
    }
  }

  private static long version1(WebClient http, int port) {
    try {
      return http.get("http://127.0.0.1:" + port + "/").json().path("states").path("1").asLong();
    } catch (CallFailure e) {
      return -1;
    }
  }
}
