package workshop.resilient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VersionClockTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void followsTimeInMicroseconds() {
    assertThat(new VersionClock().next(T0)).isEqualTo(T0.getEpochSecond() * 1_000_000L);
  }

  @Test
  void neverRepeatsOrGoesBackEvenIfTheClockDoes() {
    VersionClock c = new VersionClock();
    long a = c.next(T0);
    long b = c.next(T0);
    long d = c.next(T0.minusSeconds(10));
    assertThat(b).isEqualTo(a + 1);
    assertThat(d).isEqualTo(b + 1);
  }

  @Test
  void aRestartedCoordinatorWritesAboveEverythingBefore() {
    VersionClock before = new VersionClock();
    long old = before.next(T0);
    VersionClock restarted = new VersionClock();
    assertThat(restarted.next(T0.plusMillis(1))).isGreaterThan(old);
  }

  @Test
  void observedVersionsPushTheClockUp() {
    VersionClock c = new VersionClock();
    c.observe(Long.MAX_VALUE / 2);
    assertThat(c.next(T0)).isEqualTo(Long.MAX_VALUE / 2 + 1);
  }
}
