package workshop.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The scenario's script: fast, slow from a fifth of the run to half of it, fast again. */
class TimelineTest {
  @Test
  void aThirtySecondRunIsSlowFromSixToFifteenSeconds() {
    Timeline t = Timeline.of(Duration.ofSeconds(30), Timeline.SLOW);
    assertThat(t.slowFrom()).isEqualTo(Duration.ofSeconds(6)); // 20 % of 30 s
    assertThat(t.slowUntil()).isEqualTo(Duration.ofSeconds(15)); // 50 %
    assertThat(t.phaseAt(Duration.ofMillis(5_999))).isEqualTo(Timeline.Phase.BEFORE);
    assertThat(t.phaseAt(Duration.ofSeconds(6))).isEqualTo(Timeline.Phase.SLOW);
    assertThat(t.phaseAt(Duration.ofSeconds(15))).isEqualTo(Timeline.Phase.AFTER);
    assertThat(t.delayAt(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.delayAt(Duration.ofSeconds(20))).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void theShortestRunStillHasASecondOfEachPhase() {
    Timeline t = Timeline.of(Duration.ofSeconds(4), Timeline.SLOW);
    assertThat(t.slowFrom()).isEqualTo(Duration.ofSeconds(1));
    assertThat(t.slowUntil()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aNegativeTooShortOrTooLongDurationIsRefusedWithTheRange() {
    assertThatThrownBy(() -> Timeline.of(Duration.ofSeconds(-5), Timeline.SLOW))
        .hasMessage("--duration must not be negative, got -5s; try 30s");
    assertThatThrownBy(() -> Timeline.of(Duration.ZERO, Timeline.SLOW))
        .hasMessage("--duration must be between 4s and 600s, got 0s");
    assertThatThrownBy(() -> Timeline.of(Duration.ofHours(2), Timeline.SLOW))
        .hasMessage("--duration must be between 4s and 600s, got 7200s");
  }
}
