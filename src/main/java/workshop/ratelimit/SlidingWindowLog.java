package workshop.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Sliding window log: remember the time of every granted request of each client; a new request is
 * granted when fewer than {@code limit} of them lie within the last window.
 *
 * <p>Invariant (exact): in every interval of one window's length, a client is granted at most
 * {@code limit} requests. Trade-off: exact, but memory grows with the limit (one timestamp per
 * granted request per client). Reference: Figma engineering, "An alternative approach to rate
 * limiting" (2017).
 */
public final class SlidingWindowLog implements RateLimiter {
  private final int limit;
  private final long windowNanos;
  private final ForgetSchedule forget = new ForgetSchedule();
  private final Map<String, ArrayDeque<Long>> logs = new HashMap<>();

  public SlidingWindowLog(int limit, Duration window) {
    if (limit < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a sliding log needs limit >= 1 and a positive window");
    }
    this.limit = limit;
    this.windowNanos = window.toNanos();
  }

  @Override
  public Decision decide(String clientId, Instant now) {
    long t = Windows.epochNanos(now);
    if (!logs.containsKey(clientId) && forget.due(logs.size())) {
      logs.values().removeIf(x -> x.isEmpty() || x.peekLast() <= t - windowNanos);
      forget.looked(logs.size());
    }
    ArrayDeque<Long> log = logs.computeIfAbsent(clientId, k -> new ArrayDeque<>());
    while (!log.isEmpty() && log.peekFirst() <= t - windowNanos) {
      log.pollFirst();
    }
    if (log.size() < limit) {
      log.addLast(t);
      Duration reset = Duration.ofNanos(log.peekFirst() + windowNanos - t);
      return Decision.allow(
          limit, limit - log.size(), reset, log.size() + " of " + limit + " in the last window");
    }
    Duration retry = Duration.ofNanos(log.peekFirst() + windowNanos - t);
    return Decision.refuse(
        limit,
        Duration.ofNanos(log.peekLast() + windowNanos - t),
        retry,
        limit
            + " requests in the last window; the oldest leaves it in "
            + retry.toMillis()
            + " ms");
  }

  @Override
  public int trackedClients() {
    return logs.size();
  }
}
