package workshop.cascade;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import workshop.breaker.BreakerConfig;
import workshop.breaker.CircuitBreaker;
import workshop.ratelimit.RateLimiter;
import workshop.ratelimit.TokenBucket;

/**
 * Every number of the cascade scenario, each with its reason, and what the chosen protections make
 * of them. The sizes are small on purpose: a laptop with two cores shows the whole story at 40
 * requests a second.
 *
 * @param protections what {@code --protect} turned on
 */
public record CascadePlan(Set<Protection> protections) {
  /** Workers per server: few enough that one slow dependency can hold them all. */
  public static final int WORKERS = 8;

  /** Requests that may wait for a worker; beyond them a server answers 503 at once. */
  public static final int QUEUE = 8;

  /** Client requests per second on A, sent at a steady pace whatever the answers (open loop). */
  public static final int LOAD_PER_SECOND = 40;

  /**
   * Every other request needs C (A -> B -> C, "deep"); the rest B answers alone ("shallow"). The
   * shallow half is the point of the lesson: it does not need C, so it fails only if the slowness
   * spreads.
   */
  public static final int DEEP_EVERY = 2;

  /** How long a user waits for A before giving up. */
  public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * A timeout nobody chose: the same library default on every hop, so inner calls outlive outer.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  /** With timeouts: A gives B less than the user gives A, and B gives C less again. */
  public static final Duration A_TO_B_TIMEOUT = Duration.ofMillis(600);

  /** B's call to C: fifty times C's healthy 5 ms, and well inside A's 600 ms. */
  public static final Duration B_TO_C_TIMEOUT = Duration.ofMillis(250);

  /** The first call and two retries, a common default in HTTP client libraries. */
  public static final int ATTEMPTS = 3;

  /**
   * Module 09's rule (3 failures in a row), with a 1 s cool-down so recovery shows in a short run.
   */
  public static final BreakerConfig BREAKER = new BreakerConfig(3, Duration.ofSeconds(1));

  /** At most half of a server's workers may wait on its one dependency. */
  public static final int BULKHEAD = WORKERS / 2;

  /** A's calls to B per second, retries included: the load plus 10 % for retries. */
  public static final int LIMIT_PER_SECOND = LOAD_PER_SECOND + LOAD_PER_SECOND / 10;

  /** The token bucket's burst: a fifth of a second of load. */
  public static final int LIMIT_BURST = 8;

  /** Full jitter: the first retry waits up to 50 ms, later ones up to 500 ms. */
  public static final Duration BACKOFF_BASE = Duration.ofMillis(50);

  public static final Duration BACKOFF_CAP = Duration.ofMillis(500);

  public CascadePlan {
    protections =
        protections.isEmpty() ? EnumSet.noneOf(Protection.class) : EnumSet.copyOf(protections);
  }

  public boolean has(Protection p) {
    return protections.contains(p);
  }

  /**
   * The calls from {@code from} to the next tier for one kind of work ("deep" needs C, "shallow"
   * does not). A server keeps one hop per remote operation, as breakers and bulkheads are usually
   * set up (resilience4j names one per backend call): B's deep work failing must not stop A's calls
   * for B's shallow work, which B serves without C.
   *
   * @param limiter shared by a server's hops (one budget for all its calls to that tier); null for
   *     none
   */
  public Hop hop(Tier from, String operation, RateLimiter limiter) {
    Tier to = from.next().orElseThrow(() -> new IllegalArgumentException(from + " calls nobody"));
    Duration timeout =
        !has(Protection.TIMEOUTS)
            ? DEFAULT_TIMEOUT
            : from == Tier.A ? A_TO_B_TIMEOUT : B_TO_C_TIMEOUT;
    return new Hop(
        from + "->" + to + " (" + operation + ")",
        from + "->" + to,
        timeout,
        has(Protection.TIMEOUTS),
        new RetrySchedule(ATTEMPTS, has(Protection.JITTER), BACKOFF_BASE, BACKOFF_CAP),
        has(Protection.BREAKER) ? new CircuitBreaker(BREAKER) : null,
        has(Protection.BULKHEAD) ? new WorkerPool(BULKHEAD, 0) : null,
        limiter);
  }

  /** The rate limiter on {@code from}'s calls to the next tier: only A has one, with "limit". */
  public RateLimiter limiter(Tier from) {
    return has(Protection.LIMIT) && from == Tier.A
        ? new TokenBucket(LIMIT_PER_SECOND, LIMIT_BURST)
        : null;
  }

  /**
   * How long a request may wait at {@code tier} for a worker, from the caller's timeout: with
   * timeouts, no longer than its caller waits for it (a request whose caller has given up is not
   * worked on); without, as long as it takes.
   */
  public Duration budget(Tier tier) {
    if (!has(Protection.TIMEOUTS)) {
      return null;
    }
    return switch (tier) {
      case A -> CLIENT_TIMEOUT;
      case B -> A_TO_B_TIMEOUT;
      case C -> B_TO_C_TIMEOUT;
    };
  }

  public String describe() {
    return Protection.describe(protections);
  }
}
