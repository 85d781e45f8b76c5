package workshop.balance;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random: any healthy backend, uniformly. What the original workshop's "load balancer view" did.
 *
 * <p>Invariant: each of n healthy backends gets 1/n of the picks in expectation. Trade-off: no
 * shared state at all (many balancers can pick independently), but short-run counts are uneven and,
 * like round-robin, it ignores load.
 */
public final class RandomChoice implements BalancingStrategy {
  private final RandomGenerator random;

  public RandomChoice(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public int pick(List<Backend> backends) {
    int healthy = BalancingStrategy.healthyCount(backends);
    return healthy == 0 ? -1 : BalancingStrategy.healthyAt(backends, random.nextInt(healthy));
  }

  @Override
  public String name() {
    return "random";
  }
}
