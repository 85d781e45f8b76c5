package workshop.cascade;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import workshop.breaker.BreakerState;
import workshop.breaker.CircuitBreaker;
import workshop.breaker.Decision;
import workshop.ratelimit.RateLimiter;

/**
 * One server's calls to its dependency, with whichever protections the plan turned on, as a pure
 * decision: before each attempt {@link #permit} says go (and with what timeout) or refuse (and
 * why); after it, {@link #done} reports the outcome; after a failure, {@link #retry} says whether
 * and when to try again. The shell makes the calls and sleeps the waits.
 *
 * <p>The checks run cheapest and most reversible first: the deadline, the bulkhead (a slot given
 * back on any refusal after it), the rate limiter, and the circuit breaker last, because a breaker
 * that permits a call (HALF_OPEN's one trial above all) must then hear how that call went.
 *
 * <p>Not thread-safe; callers serialize access.
 */
public final class Hop {
  /** What {@link #permit} answers. */
  public sealed interface Permit {
    /** Call now, giving up after {@code timeout}; then report with {@link #done}. */
    record Go(Duration timeout) implements Permit {}

    /** Do not call; answer the caller at once with this reason. */
    record Refused(String reason) implements Permit {}
  }

  /** A call with less than this left of its deadline is not worth starting. */
  static final Duration TOO_LITTLE_LEFT = Duration.ofMillis(10);

  private final String name;
  private final String dependency;
  private final Duration timeout;
  private final boolean deadlines;
  private final RetrySchedule retries;
  private final CircuitBreaker breaker;
  private final WorkerPool bulkhead;
  private final RateLimiter limiter;

  /**
   * @param name this hop in reasons: "A->B (deep)"
   * @param dependency the tier called, the key of a limiter shared by a server's hops: "A->B"
   * @param deadlines true: an attempt's timeout is cut to the caller's time left, and no attempt or
   *     retry starts that cannot end within it
   * @param breaker null for none
   * @param bulkhead null for none
   * @param limiter null for none
   */
  public Hop(
      String name,
      String dependency,
      Duration timeout,
      boolean deadlines,
      RetrySchedule retries,
      CircuitBreaker breaker,
      WorkerPool bulkhead,
      RateLimiter limiter) {
    this.name = name;
    this.dependency = dependency;
    this.timeout = timeout;
    this.deadlines = deadlines;
    this.retries = retries;
    this.breaker = breaker;
    this.bulkhead = bulkhead;
    this.limiter = limiter;
  }

  /**
   * Asks whether to make an attempt now.
   *
   * @param left the caller's time left, or null when the caller set no deadline
   */
  public Permit permit(Instant now, Duration left) {
    Duration wait = timeout;
    if (deadlines && left != null) {
      if (left.compareTo(TOO_LITTLE_LEFT) < 0) {
        return new Permit.Refused(name + ": deadline passed, " + left.toMillis() + " ms left");
      }
      wait = left.compareTo(timeout) < 0 ? left : timeout;
    }
    if (bulkhead != null && bulkhead.arrive() == WorkerPool.Admission.REFUSE) {
      return new Permit.Refused(
          name + ": bulkhead full, " + bulkhead.snapshot().busy() + " calls in flight");
    }
    if (limiter != null) {
      workshop.ratelimit.Decision d = limiter.decide(dependency, now);
      if (!d.allowed()) {
        release();
        return new Permit.Refused(name + ": rate limit, " + d.reason());
      }
    }
    if (breaker != null && breaker.tryAcquire(now) instanceof Decision.Rejected r) {
      release();
      return new Permit.Refused(name + ": " + r.reason());
    }
    return new Permit.Go(wait);
  }

  /** Reports how a permitted attempt went; {@code cause} says why it failed ("timeout", "503"). */
  public void done(Instant now, boolean ok, String cause) {
    release();
    if (breaker != null) {
      if (ok) {
        breaker.onSuccess(now);
      } else {
        breaker.onFailure(now, cause);
      }
    }
  }

  /**
   * After a failed attempt: how long to wait before the next one, or empty to give up.
   *
   * @param made attempts made so far
   * @param left the caller's time left, or null for no deadline
   */
  public Optional<Duration> retry(int made, Duration left, RandomGenerator random) {
    Optional<Duration> wait = retries.next(made, random);
    if (wait.isPresent() && deadlines && left != null) {
      if (left.minus(wait.get()).compareTo(TOO_LITTLE_LEFT) < 0) {
        return Optional.empty();
      }
    }
    return wait;
  }

  /** The breaker's state, or null without one. */
  public BreakerState breakerState() {
    return breaker == null ? null : breaker.state();
  }

  public CircuitBreaker breaker() {
    return breaker;
  }

  /** The bulkhead's accounting, or null without one. */
  public WorkerPool.Snapshot bulkhead() {
    return bulkhead == null ? null : bulkhead.snapshot();
  }

  public String name() {
    return name;
  }

  private void release() {
    if (bulkhead != null) {
      bulkhead.finish();
    }
  }
}
