package workshop.cascade;

/**
 * One client request to A: when it started (since the run began), how long it took, and whether A
 * answered 200 in time.
 */
public record Outcome(long startMillis, long latencyMillis, boolean ok) {
  public long endMillis() {
    return startMillis + latencyMillis;
  }
}
