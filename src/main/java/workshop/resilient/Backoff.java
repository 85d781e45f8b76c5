package workshop.resilient;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter",
 * 2015): before retry {@code n} (from 1) wait a uniformly random time in {@code [0, min(cap, base x
 * 2^(n-1))]}. The exponent spreads retries out as failures persist; the jitter spreads clients
 * apart, so a crowd that failed together does not retry together (the retry storm of the AWS
 * October 2025 outage).
 *
 * @param base the ceiling of the first wait
 * @param cap no wait is longer than this
 * @param maxRetries retries after the first attempt
 */
public record Backoff(Duration base, Duration cap, int maxRetries) {
  /**
   * 100 ms, doubling to at most 1 s, two retries: a student sees each wait without waiting long.
   */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2);

  public Backoff {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < base <= cap, got base " + base + " and cap " + cap);
    }
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("retries must be between 0 and 10, got " + maxRetries);
    }
  }

  /** The ceiling before retry {@code retry} (1 = the first retry). */
  public Duration ceiling(int retry) {
    long millis = base.toMillis() << Math.min(retry - 1, 30);
    return Duration.ofMillis(Math.min(cap.toMillis(), millis));
  }

  /** The wait before retry {@code retry}: uniform in [0, ceiling]. */
  public Duration delay(int retry, RandomGenerator random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries count from 1, got " + retry);
    }
    return Duration.ofMillis(random.nextLong(ceiling(retry).toMillis() + 1));
  }
}
