package workshop.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sliding window counter: keep only two counters per client, for the current and the previous
 * aligned window, and estimate the last window's count as {@code previous * (1 - f) + current},
 * where f is how far into the current window we are. Grant when the estimate is below the limit.
 *
 * <p>Invariants: within one aligned window at most {@code limit} are granted (the estimate is never
 * below the current count), and within any window-length interval at most {@code 2 * limit}.
 * Trade-off: the memory of a fixed window with most of the accuracy of a log; it is exact when the
 * previous window's requests were spread evenly. Reference: Cloudflare, "How we built rate limiting
 * capable of scaling to millions of domains" (2017).
 */
public final class SlidingWindowCounter implements RateLimiter {
  private static final class Counts {
    long window;
    long previous;
    long current;
  }

  private final long limit;
  private final long windowNanos;
  private final ForgetSchedule forget = new ForgetSchedule();
  private final Map<String, Counts> counts = new HashMap<>();

  public SlidingWindowCounter(long limit, Duration window) {
    if (limit < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "a sliding counter needs limit >= 1 and a positive window");
    }
    this.limit = limit;
    this.windowNanos = window.toNanos();
  }

  @Override
  public Decision decide(String clientId, Instant now) {
    long t = Windows.epochNanos(now);
    long window = Math.floorDiv(t, windowNanos);
    Counts c = counts.get(clientId);
    if (c == null && forget.due(counts.size())) {
      counts.values().removeIf(x -> x.window < window - 1);
      forget.looked(counts.size());
    }
    if (c == null) {
      c = new Counts();
      c.window = window;
      counts.put(clientId, c);
    }
    if (window > c.window) {
      c.previous = window == c.window + 1 ? c.current : 0;
      c.current = 0;
      c.window = window;
    }
    long into = t - window * windowNanos;
    double f = (double) into / windowNanos;
    double estimate = c.previous * (1 - f) + c.current;
    Duration toBoundary = Duration.ofNanos(windowNanos - into);
    if (estimate + 1 <= limit) {
      c.current++;
      return Decision.allow(
          limit, (long) Math.floor(limit - estimate - 1), toBoundary, estimate(estimate + 1));
    }
    return Decision.refuse(
        limit, toBoundary, retryAfter(c, f), estimate(estimate) + " is at the limit");
  }

  @Override
  public int trackedClients() {
    return counts.size();
  }

  private String estimate(double e) {
    return String.format(Locale.ROOT, "estimated %.2f of %d in the last window", e, limit);
  }

  /** When {@code previous * (1 - f) + current + 1 <= limit} first holds again. */
  private Duration retryAfter(Counts c, double f) {
    double need = limit - 1 - c.current;
    if (need >= 0 && c.previous > 0) {
      double at = 1 - need / c.previous;
      return Duration.ofNanos((long) Math.ceil(Math.max(0, at - f) * windowNanos) + 1);
    }
    // Wait for the next window, where the current count becomes the weighted previous one.
    double next = c.current == 0 ? 0 : Math.max(0, 1 - (limit - 1.0) / c.current);
    return Duration.ofNanos((long) Math.ceil((1 - f + next) * windowNanos) + 1);
  }
}
