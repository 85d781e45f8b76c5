package workshop.ratelimit;

import java.time.Instant;

/**
 * Decides, per client, whether one more request may go through now. One class per strategy, all
 * with the same contract, so a shell (or a student's challenge) can swap one for another.
 *
 * <p>Not thread-safe: callers serialize access. Time is an input; a clock that goes backwards is
 * treated as standing still.
 */
public interface RateLimiter {
  /** Decides for one request of {@code clientId} arriving at {@code now}, and records it. */
  Decision decide(String clientId, Instant now);

  /** How many clients the limiter holds state for (bounded: idle ones are forgotten). */
  int trackedClients();

  /**
   * Above this many clients a limiter forgets those whose state is the same as a new client's (a
   * full bucket, an old window), so a flood of made-up client ids cannot fill the memory.
   */
  int FORGET_IDLE_ABOVE = 10_000;

  /** Builds the limiter a config names. */
  static RateLimiter of(RateLimitConfig config) {
    return switch (config.strategy()) {
      case TOKEN_BUCKET -> new TokenBucket(config.requestsPerSecond(), config.burst());
      case FIXED_WINDOW -> new FixedWindow(config.requestsPerWindow(), config.window());
      case SLIDING_WINDOW_LOG -> new SlidingWindowLog(config.requestsPerWindow(), config.window());
      case SLIDING_WINDOW_COUNTER ->
          new SlidingWindowCounter(config.requestsPerWindow(), config.window());
    };
  }
}
