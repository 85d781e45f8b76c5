package workshop.resilient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class EventLogTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** A clock the test moves by hand. */
  static final class Clock implements InstantSource {
    Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Clock clock = new Clock();

  @Test
  void stampsEachEventWithTheClockAndKeepsThemNewestLast() {
    EventLog log = new EventLog(5, clock);
    log.record("node-1: new -> alive (first heartbeat)");
    clock.now = T0.plusSeconds(3);
    log.record("node-2: alive -> dead (killed through the registry)");
    assertThat(log.recent())
        .containsExactly(
            new EventLog.Event(T0, "node-1: new -> alive (first heartbeat)"),
            new EventLog.Event(
                T0.plusSeconds(3), "node-2: alive -> dead (killed through the registry)"));
  }

  @Test
  void forgetsTheOldestOnceFull() {
    EventLog log = new EventLog(3, clock);
    for (int i = 1; i <= 5; i++) {
      log.record("event " + i);
    }
    // Capacity 3: events 1 and 2 were pushed out by 4 and 5.
    assertThat(log.recent())
        .extracting(EventLog.Event::line)
        .containsExactly("event 3", "event 4", "event 5");
  }

  @Test
  void anEventsAgeIsMeasuredFromNowAndNeverNegative() {
    EventLog.Event e = new EventLog.Event(T0, "x");
    assertThat(e.age(T0.plusMillis(1200))).isEqualTo(Duration.ofMillis(1200));
    // A clock that stepped back (NTP) must not show "-2 s ago".
    assertThat(e.age(T0.minusSeconds(2))).isEqualTo(Duration.ZERO);
  }

  @Test
  void theSnapshotDoesNotChangeWhenMoreIsRecorded() {
    EventLog log = new EventLog(2, clock);
    log.record("a");
    var before = log.recent();
    log.record("b");
    log.record("c");
    assertThat(before).extracting(EventLog.Event::line).containsExactly("a");
  }

  @Test
  void refusesAnImpossibleCapacityWithTheAllowedRange() {
    assertThatThrownBy(() -> new EventLog(0, clock))
        .hasMessage("capacity must be between 1 and 10000 events, got 0");
  }
}
