package workshop.resilient;

import java.time.Duration;

/**
 * How a capstone replica keeps its keys. Immutable and validated; messages name the allowed range.
 *
 * @param replicas copies of each key, N, 1-10
 * @param antiEntropyEvery time between two anti-entropy rounds, at least 10 ms
 */
public record ReplicaConfig(int replicas, Duration antiEntropyEvery) {
  /**
   * 3 replicas: the registry's N. A round every 3 s: the original's gossip interval; with three
   * peers to choose from, a replica that missed writes hears from each within a few rounds.
   */
  public static final ReplicaConfig DEFAULTS = new ReplicaConfig(3, Duration.ofSeconds(3));

  public ReplicaConfig {
    if (replicas < 1 || replicas > 10) {
      throw new IllegalArgumentException("replicas must be from 1 to 10, got " + replicas);
    }
    if (antiEntropyEvery.toMillis() < 10) {
      throw new IllegalArgumentException(
          "anti-entropy interval must be at least 10 ms, got " + antiEntropyEvery.toMillis());
    }
  }
}
