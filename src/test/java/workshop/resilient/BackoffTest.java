package workshop.resilient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800), 5);

  @Test
  void ceilingsDoubleUpToTheCap() {
    // 100, 200, 400, 800, then held at the 800 ms cap.
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void everyDelayLiesBetweenZeroAndItsCeilingAndTheyVary() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      int retry = 1 + i % 5;
      Duration d = backoff.delay(retry, random);
      assertThat(d).as("seed %d", seed).isBetween(Duration.ZERO, backoff.ceiling(retry));
      seen.add(d.toMillis());
    }
    // Full jitter: clients that failed together spread out instead of retrying in lockstep.
    assertThat(seen.size()).as("seed %d", seed).isGreaterThan(100);
  }

  @Test
  void theSameSeedGivesTheSameWaits() {
    assertThat(backoff.delay(3, new SplittableRandom(7)))
        .isEqualTo(backoff.delay(3, new SplittableRandom(7)));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 1))
        .hasMessageContaining("0 < base <= cap");
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 11))
        .hasMessageContaining("between 0 and 10");
    assertThatThrownBy(() -> backoff.delay(0, new SplittableRandom(1)))
        .hasMessageContaining("from 1");
  }
}
