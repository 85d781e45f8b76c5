package workshop.ratelimit;

import java.time.Instant;

/** Instants as nanoseconds, the arithmetic every window strategy shares. */
final class Windows {
  private Windows() {}

  /** Nanoseconds since the epoch; fits a long until the year 2262. */
  static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
