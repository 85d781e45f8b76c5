package workshop.balance;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Least connections: the healthy backend with the fewest requests in flight; ties are broken at
 * random so equal backends share the traffic instead of the first one taking it all.
 *
 * <p>Invariant: the chosen backend has the minimum in-flight count among healthy ones. Adapts to
 * load: a slow backend holds its requests longer, so it has more in flight and is picked less.
 * Trade-off: needs an accurate in-flight count (easy in one balancer, hard across many), and at low
 * concurrency every backend is often at zero, so a slow one still gets a share.
 */
public final class LeastConnections implements BalancingStrategy {
  private final RandomGenerator random;

  public LeastConnections(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public int pick(List<Backend> backends) {
    int best = -1;
    int ties = 0;
    for (int i = 0; i < backends.size(); i++) {
      Backend b = backends.get(i);
      if (!b.healthy()) {
        continue;
      }
      if (best < 0 || b.inFlight() < backends.get(best).inFlight()) {
        best = i;
        ties = 1;
      } else if (b.inFlight() == backends.get(best).inFlight() && random.nextInt(++ties) == 0) {
        // Reservoir sampling: each of the tied backends ends up chosen with probability 1/ties.
        best = i;
      }
    }
    return best;
  }

  @Override
  public String name() {
    return "least-connections";
  }
}
