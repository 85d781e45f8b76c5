package workshop.balance;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Power of two choices: pick two different healthy backends at random and send the request to the
 * one with the lower expected wait, {@code (inFlight + 1) x latency} (the "peak EWMA" cost used by
 * Finagle and Linkerd). A backend with no measured latency yet costs by in-flight count alone.
 *
 * <p>Invariant: never picks the worse of the two it sampled. Adapts to both load and measured
 * latency: a node answering in 10 ms loses every comparison against one answering in 0.5 ms until
 * the fast one has about 20 requests queued. Trade-off: needs only two looks per request, so it
 * scales to many backends and avoids the herd behaviour of always picking the global minimum; the
 * cost is that a slow backend that recovers is only re-measured once the others get busy.
 * Reference: Mitzenmacher, "The Power of Two Choices in Randomized Load Balancing" (2001).
 */
public final class PowerOfTwoChoices implements BalancingStrategy {
  private final RandomGenerator random;

  public PowerOfTwoChoices(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public int pick(List<Backend> backends) {
    int healthy = BalancingStrategy.healthyCount(backends);
    if (healthy <= 1) {
      return healthy == 0 ? -1 : BalancingStrategy.healthyAt(backends, 0);
    }
    int a = random.nextInt(healthy);
    int b = random.nextInt(healthy - 1);
    if (b >= a) {
      b++;
    }
    int first = BalancingStrategy.healthyAt(backends, a);
    int second = BalancingStrategy.healthyAt(backends, b);
    return cost(backends.get(second)) < cost(backends.get(first)) ? second : first;
  }

  /** Expected wait: requests ahead of this one, plus this one, times the time each takes. */
  static double cost(Backend b) {
    double latency = b.latencyMillis() > 0 ? b.latencyMillis() : 1;
    return (b.inFlight() + 1) * latency;
  }

  @Override
  public String name() {
    return "power-of-two";
  }
}
