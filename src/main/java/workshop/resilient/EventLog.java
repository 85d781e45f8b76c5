package workshop.resilient;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last few things that happened, each stamped with when: what {@code GET /events} answers and
 * the dashboard shows. A ring buffer: once full, recording an event forgets the oldest, so a busy
 * cluster never grows it and a student always sees the recent story (a node died, a write went on
 * without it, the node came back and was repaired).
 *
 * <p>Lines are the same ones the process logs, so the dashboard and the terminal tell one story.
 * Not thread-safe; callers serialize access. Time comes from the injected clock.
 */
public final class EventLog {
  /** 50 is a few minutes of a busy class demo and still one small JSON answer. */
  public static final int DEFAULT_CAPACITY = 50;

  /** One event: when, and the line that describes it. */
  public record Event(Instant at, String line) {
    /** Seconds from the event to {@code now}, never negative. */
    public Duration age(Instant now) {
      Duration d = Duration.between(at, now);
      return d.isNegative() ? Duration.ZERO : d;
    }
  }

  private final int capacity;
  private final InstantSource clock;
  private final ArrayDeque<Event> events = new ArrayDeque<>();

  public EventLog(int capacity, InstantSource clock) {
    if (capacity < 1 || capacity > 10_000) {
      throw new IllegalArgumentException(
          "capacity must be between 1 and 10000 events, got " + capacity);
    }
    this.capacity = capacity;
    this.clock = clock;
  }

  /** Records {@code line} as happening now, forgetting the oldest event when full. */
  public void record(String line) {
    if (events.size() == capacity) {
      events.removeFirst();
    }
    events.addLast(new Event(clock.instant(), line));
  }

  /** The events kept, oldest first (newest last). */
  public List<Event> recent() {
    return List.copyOf(events);
  }

  /** The clock's current instant, so an answer can say how long ago each event was. */
  public Instant now() {
    return clock.instant();
  }
}
