package workshop.balance;

/**
 * What a strategy may know about one backend at the moment it picks: a snapshot, never the live
 * counters.
 *
 * @param url base URL such as {@code http://127.0.0.1:5001}
 * @param healthy false while the health checker has it out of rotation
 * @param inFlight requests sent to it and not yet answered
 * @param latencyMillis moving average (EWMA) of its recent answers; 0 before the first one
 * @param weight share of traffic for the weighted strategy (1 when not set)
 */
public record Backend(String url, boolean healthy, int inFlight, double latencyMillis, int weight) {
  public Backend {
    if (weight < 1) {
      throw new IllegalArgumentException(
          "a weight must be 1 or more, got " + weight + " for " + url);
    }
  }

  /** A healthy, idle backend of weight 1. */
  public static Backend idle(String url) {
    return new Backend(url, true, 0, 0, 1);
  }
}
