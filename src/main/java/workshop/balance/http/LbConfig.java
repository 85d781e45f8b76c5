package workshop.balance.http;

import java.time.Duration;
import java.util.List;
import workshop.balance.BalancingStrategy;
import workshop.ratelimit.RateLimitConfig;

/**
 * How a balancer was started. Checked here so every error names the flag and the allowed values.
 *
 * @param weights one per backend for {@code --strategy weighted}; empty means all 1
 * @param timeout how long a forwarded request may take before the caller gets 504
 * @param checkEvery how often each backend's {@code /health} is asked (and its timeout)
 * @param rateLimit null for no limit
 */
public record LbConfig(
    String host,
    int port,
    List<String> backends,
    List<Integer> weights,
    String strategy,
    long seed,
    Duration timeout,
    Duration checkEvery,
    RateLimitConfig rateLimit) {
  /** Default forwarding timeout: long enough for the manual's fib(35), short enough to notice. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** One check a second: a dead node is out within about two seconds. */
  public static final Duration DEFAULT_CHECK_EVERY = Duration.ofSeconds(1);

  public LbConfig {
    if (backends.isEmpty()) {
      throw new IllegalArgumentException(
          "--backends needs at least one URL, such as http://localhost:5001");
    }
    for (String b : backends) {
      if (!b.matches("http://[^/\\s]+:\\d{1,5}")) {
        throw new IllegalArgumentException(
            "--backends takes base URLs such as http://localhost:5001, got '" + b + "'");
      }
    }
    if (!weights.isEmpty() && weights.size() != backends.size()) {
      throw new IllegalArgumentException(
          "--weights needs one weight per backend ("
              + backends.size()
              + "), got "
              + weights.size());
    }
    for (int w : weights) {
      if (w < 1 || w > 1000) {
        throw new IllegalArgumentException("--weights must be between 1 and 1000, got " + w);
      }
    }
    BalancingStrategy.of(strategy, new java.util.SplittableRandom(seed));
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--timeout must be positive, such as 5s or 500ms");
    }
    backends = List.copyOf(backends);
    weights = List.copyOf(weights);
  }

  public int weight(int i) {
    return weights.isEmpty() ? 1 : weights.get(i);
  }
}
