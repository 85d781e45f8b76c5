package workshop.docs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lesson 05's "By hand": {@code ./workshop up 05} as a student runs it (what it prints, hints
 * included), then the lesson's curl lines against its replicas.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class QuorumLessonScenesTest {
  static final String UP = "./workshop up 05";
  static final String BY_HAND = "the replicas of ./workshop up 05 by hand";

  @TempDir Path state;

  @Test
  void upPrintsItsHintsAndTheReplicasAnswerAsTheLessonShows() {
    try (Stage stage = Stage.up("05", state)) {
      stage.awaitUp(UP, Duration.ofSeconds(10));
      assumeTrue(Stage.hasCurl(), "curl is not installed, so the lesson's curl lines cannot run");
      stage.play(BY_HAND);
    }
  }
}
