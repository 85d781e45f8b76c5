package workshop.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Fixed window: time is cut into windows of equal length aligned to the epoch; each client may make
 * {@code limit} requests per window, and the count starts again at zero when a new window begins.
 *
 * <p>Invariant: within one aligned window a client is granted at most {@code limit} requests.
 * Trade-off: the simplest limiter (one counter per client), but a client can send {@code limit} at
 * the end of one window and {@code limit} more at the start of the next: twice the limit within one
 * window's length. Reference: the original workshop's {@code FixedWindowStrategy}.
 */
public final class FixedWindow implements RateLimiter {
  private static final class Counter {
    long window;
    long count;
  }

  private final long limit;
  private final long windowNanos;
  private final ForgetSchedule forget = new ForgetSchedule();
  private final Map<String, Counter> counters = new HashMap<>();

  public FixedWindow(long limit, Duration window) {
    if (limit < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a fixed window needs limit >= 1 and a positive window");
    }
    this.limit = limit;
    this.windowNanos = window.toNanos();
  }

  @Override
  public Decision decide(String clientId, Instant now) {
    long nanos = Windows.epochNanos(now);
    long window = Math.floorDiv(nanos, windowNanos);
    if (!counters.containsKey(clientId) && forget.due(counters.size())) {
      counters.values().removeIf(x -> x.window < window);
      forget.looked(counters.size());
    }
    Counter c = counters.computeIfAbsent(clientId, k -> new Counter());
    if (window > c.window || c.count == 0) {
      c.window = Math.max(c.window, window);
      c.count = 0;
    }
    Duration reset = Duration.ofNanos((c.window + 1) * windowNanos - nanos);
    if (c.count < limit) {
      c.count++;
      return Decision.allow(limit, limit - c.count, reset, "request " + c.count + " of " + limit);
    }
    return Decision.refuse(
        limit,
        reset,
        reset,
        limit + " of " + limit + " used in this window; it resets in " + reset.toMillis() + " ms");
  }

  @Override
  public int trackedClients() {
    return counters.size();
  }
}
