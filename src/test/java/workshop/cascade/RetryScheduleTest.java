package workshop.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** When retries go out, with and without jitter; randomness seeded. */
class RetryScheduleTest {
  static final long SEED = 42;
  static final Duration BASE = Duration.ofMillis(50);
  static final Duration CAP = Duration.ofMillis(500);

  @Test
  void withoutJitterEveryRetryGoesOutAtOnceUntilTheAttemptsAreSpent() {
    RetrySchedule s = new RetrySchedule(3, false, BASE, CAP);
    SplittableRandom random = new SplittableRandom(SEED);
    assertThat(s.next(1, random)).contains(Duration.ZERO);
    assertThat(s.next(2, random)).contains(Duration.ZERO);
    assertThat(s.next(3, random)).isEmpty(); // 3 attempts made: the first and two retries
  }

  @Test
  void withJitterRetryNWaitsLessThanBaseTimesTwoToTheNMinusOneCapped() {
    RetrySchedule s = new RetrySchedule(10, true, BASE, CAP);
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 1000; i++) {
      assertThat(s.next(1, random).orElseThrow()).isLessThan(Duration.ofMillis(50));
      assertThat(s.next(3, random).orElseThrow()).isLessThan(Duration.ofMillis(200));
      assertThat(s.next(9, random).orElseThrow()).isLessThan(CAP); // 50 * 2^8 capped at 500
    }
  }

  @Test
  void withoutJitterCallersThatFailTogetherRetryTogetherWithJitterTheySpreadOut() {
    // 100 callers failed at the same instant; when does each one's first retry go out?
    Set<Duration> together = new HashSet<>();
    Set<Duration> spread = new HashSet<>();
    SplittableRandom random = new SplittableRandom(SEED);
    for (int caller = 0; caller < 100; caller++) {
      together.add(new RetrySchedule(3, false, BASE, CAP).next(1, random).orElseThrow());
      spread.add(new RetrySchedule(3, true, BASE, CAP).next(1, random).orElseThrow());
    }
    assertThat(together).containsExactly(Duration.ZERO); // one instant: a thundering herd
    assertThat(spread).hasSizeGreaterThan(30); // 100 draws over 50 distinct milliseconds
  }

  @Test
  void theSameSeedGivesTheSameSchedule() {
    RetrySchedule s = new RetrySchedule(3, true, BASE, CAP);
    Optional<Duration> first = s.next(2, new SplittableRandom(SEED));
    assertThat(s.next(2, new SplittableRandom(SEED))).isEqualTo(first);
  }

  @Test
  void badSettingsNameTheAllowedRange() {
    assertThatThrownBy(() -> new RetrySchedule(0, false, BASE, CAP))
        .hasMessage("attempts must be between 1 and 10, got 0");
    assertThatThrownBy(() -> new RetrySchedule(3, true, CAP, BASE))
        .hasMessage("backoff needs 0 <= base <= cap, got PT0.5S, PT0.05S");
  }
}
