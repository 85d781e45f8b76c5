package workshop.breaker;

import java.time.Duration;

/**
 * How a {@link CircuitBreaker} trips and heals. Immutable and validated: a bad value fails at
 * construction with a message naming the allowed range.
 *
 * @param failureThreshold consecutive failures that open the circuit, at least 1
 * @param openDuration how long the circuit stays OPEN before a trial call is allowed, more than 0
 */
public record BreakerConfig(int failureThreshold, Duration openDuration) {
  /**
   * 3 failures: one failure is noise, three in a row at one call per second is a pattern (and the
   * original's number). 5 s: long enough to see OPEN on screen, short enough to wait for in class.
   */
  public static final BreakerConfig DEFAULTS = new BreakerConfig(3, Duration.ofSeconds(5));

  /** Largest threshold accepted: beyond this a breaker never opens in any lesson. */
  public static final int MAX_THRESHOLD = 1_000;

  public BreakerConfig {
    if (failureThreshold < 1 || failureThreshold > MAX_THRESHOLD) {
      throw new IllegalArgumentException(
          "failure threshold must be between 1 and "
              + MAX_THRESHOLD
              + ", got "
              + failureThreshold
              + " (default 3)");
    }
    if (openDuration == null || openDuration.isZero() || openDuration.isNegative()) {
      throw new IllegalArgumentException(
          "open duration must be more than 0, got " + openDuration + " (default 5s)");
    }
  }
}
