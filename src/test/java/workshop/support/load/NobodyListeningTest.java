package workshop.support.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NobodyListeningTest {
  private static final Duration PATIENCE = Duration.ofSeconds(2);

  @Test
  void givesUpOnceEveryCallWasRefusedForTheWholePatience() {
    assertThat(NobodyListening.giveUp(0, 50, Duration.ofMillis(2000), PATIENCE)).isTrue();
  }

  @Test
  void waitsOutThePatienceForNodesThatAreStillStarting() {
    // 1.9 s of refusals: a node JVM may still be on its way up.
    assertThat(NobodyListening.giveUp(0, 80_000, Duration.ofMillis(1900), PATIENCE)).isFalse();
  }

  @Test
  void neverGivesUpOnceAnythingAnswered() {
    // One node of three killed mid-run (module 01's Phase 4): its refusals are part of the lesson.
    assertThat(NobodyListening.giveUp(1, 10_000, Duration.ofMinutes(5), PATIENCE)).isFalse();
  }

  @Test
  void needsARefusalToGiveUp() {
    // Timeouts are not "nobody listens": a slow node may be there.
    assertThat(NobodyListening.giveUp(0, 0, Duration.ZERO, PATIENCE)).isFalse();
  }

  @Test
  void pausesAfterARefusalOnlyWhileNothingHasAnswered() {
    assertThat(NobodyListening.pauseAfterRefusal(0)).isTrue();
    assertThat(NobodyListening.pauseAfterRefusal(3)).isFalse();
  }
}
