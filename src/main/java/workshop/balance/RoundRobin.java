package workshop.balance;

import java.util.List;

/**
 * Round-robin: each healthy backend in turn. The rotation continues past an unhealthy backend
 * rather than restarting, so taking one out does not send the next requests all to the first.
 *
 * <p>Invariant: over any n consecutive picks among n healthy backends, each is picked exactly once.
 * Trade-off: perfectly even counts and no state beyond one counter, but blind to how busy or slow a
 * backend is: a slow node still gets 1/n of the requests and sets the tail latency.
 */
public final class RoundRobin implements BalancingStrategy {
  private int next;

  @Override
  public int pick(List<Backend> backends) {
    for (int tried = 0; tried < backends.size(); tried++) {
      int i = Math.floorMod(next++, backends.size());
      if (backends.get(i).healthy()) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String name() {
    return "round-robin";
  }
}
