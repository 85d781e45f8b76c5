package workshop.balance;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Picks the backend for the next request. Implementations are pure: they see a snapshot of the
 * backends and may keep their own small state (a rotation counter); randomness comes from an
 * injected seeded generator. Never picks an unhealthy backend.
 *
 * <p>Not thread-safe: the proxy serializes calls.
 */
public interface BalancingStrategy {
  /**
   * @return the index in {@code backends} of the chosen one, or -1 when none is healthy
   */
  int pick(List<Backend> backends);

  /** The name used on the command line. */
  String name();

  /** Every strategy name accepted by {@link #of}. */
  List<String> NAMES =
      List.of("round-robin", "random", "least-connections", "power-of-two", "weighted");

  /** The strategy called {@code name} on the command line. */
  static BalancingStrategy of(String name, RandomGenerator random) {
    return switch (name.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "round-robin" -> new RoundRobin();
      case "random" -> new RandomChoice(random);
      case "least-connections" -> new LeastConnections(random);
      case "power-of-two", "p2c" -> new PowerOfTwoChoices(random);
      case "weighted" -> new Weighted(random);
      default ->
          throw new IllegalArgumentException(
              "--strategy must be one of " + String.join(", ", NAMES) + ", got '" + name + "'");
    };
  }

  /** How many of {@code backends} are healthy. */
  static int healthyCount(List<Backend> backends) {
    int n = 0;
    for (Backend b : backends) {
      if (b.healthy()) {
        n++;
      }
    }
    return n;
  }

  /** The index of the {@code k}-th healthy backend (k counts from 0). */
  static int healthyAt(List<Backend> backends, int k) {
    for (int i = 0; i < backends.size(); i++) {
      if (backends.get(i).healthy() && k-- == 0) {
        return i;
      }
    }
    return -1;
  }
}
