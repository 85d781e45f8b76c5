package workshop.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Token bucket: each client has a bucket of {@code capacity} tokens that refills at {@code rate}
 * tokens per second; a request takes one token or is refused.
 *
 * <p>Invariant (tested as a law): over any interval of length t, a client is granted at most {@code
 * capacity + rate * t} requests. A quiet client may burst up to the capacity at once; a busy one is
 * held to the rate. Trade-off: smooth and memory-light (two numbers per client), but bursts are
 * allowed by design. Refill is computed lazily from the elapsed time rather than by a timer.
 * Reference: Tanenbaum, Computer Networks, "The Token Bucket Algorithm"; RFC 2697.
 */
public final class TokenBucket implements RateLimiter {
  private static final class Bucket {
    double tokens;
    Instant last;
  }

  private final double rate;
  private final int capacity;
  private final ForgetSchedule forget = new ForgetSchedule();
  private final Map<String, Bucket> buckets = new HashMap<>();

  public TokenBucket(double ratePerSecond, int capacity) {
    if (ratePerSecond <= 0 || capacity < 1) {
      throw new IllegalArgumentException("a token bucket needs rate > 0 and capacity >= 1");
    }
    this.rate = ratePerSecond;
    this.capacity = capacity;
  }

  @Override
  public Decision decide(String clientId, Instant now) {
    Bucket b = buckets.get(clientId);
    if (b == null && forget.due(buckets.size())) {
      buckets.values().removeIf(x -> full(x, now));
      forget.looked(buckets.size());
    }
    if (b == null) {
      b = new Bucket();
      b.tokens = capacity;
      b.last = now;
      buckets.put(clientId, b);
    }
    if (now.isAfter(b.last)) {
      double elapsed = Duration.between(b.last, now).toNanos() / 1e9;
      b.tokens = Math.min(capacity, b.tokens + elapsed * rate);
      b.last = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return Decision.allow(
          capacity,
          (long) Math.floor(b.tokens),
          seconds((capacity - b.tokens) / rate),
          "token taken");
    }
    Duration retry = seconds((1 - b.tokens) / rate);
    return Decision.refuse(
        capacity,
        seconds((capacity - b.tokens) / rate),
        retry,
        String.format(
            Locale.ROOT,
            "bucket empty: %.2f tokens left, refills %s/s, next token in %d ms",
            b.tokens,
            fmt(rate),
            retry.toMillis()));
  }

  @Override
  public int trackedClients() {
    return buckets.size();
  }

  /** A bucket that has refilled completely is the same as no bucket. */
  private boolean full(Bucket b, Instant now) {
    double elapsed = Math.max(0, Duration.between(b.last, now).toNanos() / 1e9);
    return b.tokens + elapsed * rate >= capacity;
  }

  static Duration seconds(double s) {
    return Duration.ofNanos((long) Math.ceil(s * 1e9));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
