package workshop.cascade;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to retry a failed call. Without jitter, a retry goes out at once: the usual first version of
 * a retry loop, and the one that turns one slow dependency into a storm, because every caller that
 * failed together retries together. With jitter, retry {@code n} waits a uniformly drawn time in
 * {@code [0, min(cap, base * 2^(n-1)))} ("full jitter", Brooker, <i>Exponential Backoff And
 * Jitter</i>, AWS Architecture Blog, 2015): the retries spread out and fewer fit in a deadline.
 *
 * <p>Pure: the random source is an input, so a seeded one gives the same schedule every time.
 *
 * @param attempts calls in all, the first included (3: the first and two retries)
 * @param jitter false: retry at once; true: exponential backoff with full jitter
 * @param base the first retry's largest wait
 * @param cap the largest wait of any retry
 */
public record RetrySchedule(int attempts, boolean jitter, Duration base, Duration cap) {
  public RetrySchedule {
    if (attempts < 1 || attempts > 10) {
      throw new IllegalArgumentException("attempts must be between 1 and 10, got " + attempts);
    }
    if (base.isNegative() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 <= base <= cap, got " + base + ", " + cap);
    }
  }

  /**
   * The wait before the next attempt, or empty when {@code made} attempts are all there are.
   *
   * @param made attempts made so far (1 after the first call)
   */
  public Optional<Duration> next(int made, RandomGenerator random) {
    if (made >= attempts) {
      return Optional.empty();
    }
    if (!jitter) {
      return Optional.of(Duration.ZERO);
    }
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(made - 1, 20));
    return Optional.of(Duration.ofMillis(ceiling <= 0 ? 0 : random.nextLong(ceiling)));
  }
}
