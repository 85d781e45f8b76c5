package workshop.cap;

import java.time.Duration;
import java.util.List;

/**
 * How a CAP replica behaves. Immutable and validated; messages name the allowed range.
 *
 * @param mode cp or ap
 * @param replicas every replica's name, this one's included, in order (3 to 5)
 * @param syncEvery time between two anti-entropy rounds, at least 10 ms
 * @param opTimeout how long a cp read or write waits for a majority before it gives up
 */
public record CapConfig(
    CapMode mode, List<String> replicas, Duration syncEvery, Duration opTimeout) {
  /**
   * One round a second: a healed partition converges within about a second, quick enough to watch.
   */
  public static final Duration SYNC_EVERY = Duration.ofSeconds(1);

  /**
   * 2.5 s: longer than a peer call's 1 s timeout (so a cut-off peer is reported first and the
   * refusal names the count of replicas reached), shorter than a client's 5 s wait.
   */
  public static final Duration OP_TIMEOUT = Duration.ofMillis(2500);

  public static final int MIN_REPLICAS = 3;
  public static final int MAX_REPLICAS = 5;

  public CapConfig {
    replicas = List.copyOf(replicas);
    checkReplicas(replicas.size());
    if (replicas.stream().distinct().count() != replicas.size()) {
      throw new IllegalArgumentException("replica names must differ, got " + replicas);
    }
    if (syncEvery.toMillis() < 10) {
      throw new IllegalArgumentException(
          "the sync interval must be at least 10 ms, got " + syncEvery.toMillis() + " ms");
    }
    if (opTimeout.toMillis() < 10) {
      throw new IllegalArgumentException(
          "the operation timeout must be at least 10 ms, got " + opTimeout.toMillis() + " ms");
    }
  }

  public CapConfig(CapMode mode, List<String> replicas) {
    this(mode, replicas, SYNC_EVERY, OP_TIMEOUT);
  }

  /**
   * Three to five: with two a majority is both (no side of a split may serve), and beyond five a
   * laptop's terminals are full.
   *
   * @throws IllegalArgumentException naming the range
   */
  public static void checkReplicas(int n) {
    if (n < MIN_REPLICAS || n > MAX_REPLICAS) {
      throw new IllegalArgumentException(
          "replicas must be from "
              + MIN_REPLICAS
              + " to "
              + MAX_REPLICAS
              + ", got "
              + n
              + (n == 2
                  ? " (with 2, a majority is both: neither side of a split could serve)"
                  : ""));
    }
  }

  /** More than half of the replicas: 2 of 3, 3 of 4, 3 of 5. */
  public int majority() {
    return replicas.size() / 2 + 1;
  }
}
