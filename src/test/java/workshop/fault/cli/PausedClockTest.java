package workshop.fault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** How {@code pause} and {@code net show} write the time a pause began. */
class PausedClockTest {
  @Test
  void aPauseThatBeganOnAWholeMinuteStillShowsItsSeconds() {
    var at = LocalDate.of(2026, 12, 1).atTime(LocalTime.of(7, 37)).atZone(ZoneId.systemDefault());
    assertThat(Pauses.Paused.clock(at.toInstant())).isEqualTo("07:37:00");
    assertThat(Pauses.Paused.clock(at.plusSeconds(51).toInstant())).isEqualTo("07:37:51");
  }
}
