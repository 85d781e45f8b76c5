package workshop.balance;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Weighted random: a healthy backend of weight w gets w / (sum of healthy weights) of the requests,
 * for backends of different sizes ({@code --weights 3,1,1}: the first has three times the cores).
 *
 * <p>Invariant: the share of picks tends to each backend's weight share; an unhealthy backend's
 * weight is spread over the others. Trade-off: the weights are set by hand and do not follow what
 * the backends actually do; a stale weight is as bad as round-robin.
 */
public final class Weighted implements BalancingStrategy {
  private final RandomGenerator random;

  public Weighted(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public int pick(List<Backend> backends) {
    long total = 0;
    for (Backend b : backends) {
      if (b.healthy()) {
        total += b.weight();
      }
    }
    if (total == 0) {
      return -1;
    }
    long ticket = random.nextLong(total);
    for (int i = 0; i < backends.size(); i++) {
      Backend b = backends.get(i);
      if (b.healthy()) {
        ticket -= b.weight();
        if (ticket < 0) {
          return i;
        }
      }
    }
    return -1;
  }

  @Override
  public String name() {
    return "weighted";
  }
}
