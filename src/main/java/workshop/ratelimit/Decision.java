package workshop.ratelimit;

import java.time.Duration;

/**
 * What a {@link RateLimiter} decided for one request, with everything the 429 answer and the {@code
 * RateLimit-*} headers need.
 *
 * @param limit requests the client may make per window (or the bucket's capacity)
 * @param remaining requests the client may still make right now
 * @param resetAfter when the client's quota is whole again
 * @param retryAfter when a refused client may try again; zero when allowed
 * @param reason one sentence a student can read ("bucket empty: 0.40 tokens, refills 5/s")
 */
public record Decision(
    boolean allowed,
    long limit,
    long remaining,
    Duration resetAfter,
    Duration retryAfter,
    String reason) {
  static Decision allow(long limit, long remaining, Duration resetAfter, String reason) {
    return new Decision(true, limit, Math.max(0, remaining), resetAfter, Duration.ZERO, reason);
  }

  static Decision refuse(long limit, Duration resetAfter, Duration retryAfter, String reason) {
    return new Decision(false, limit, 0, resetAfter, retryAfter, reason);
  }

  /** Whole seconds for {@code Retry-After}: rounded up, at least 1, so a client never spins. */
  public long retryAfterSeconds() {
    return ceilSeconds(retryAfter);
  }

  /** Whole seconds for {@code RateLimit-Reset}, rounded up. */
  public long resetSeconds() {
    return resetAfter.isZero() ? 0 : ceilSeconds(resetAfter);
  }

  private static long ceilSeconds(Duration d) {
    long millis = d.toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }
}
