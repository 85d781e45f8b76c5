package workshop.sim;

import java.util.List;

/**
 * An invariant did not hold: which one, what broke it, when, under which seed, and the trace that
 * led there (the last lines, oldest first). Rerun with the same seed to see it again.
 */
public final class InvariantViolation extends RuntimeException {
  private final String invariant;
  private final String detail;
  private final long atMillis;
  private final long seed;
  private final List<String> trace;

  public InvariantViolation(
      String invariant, String detail, long atMillis, long seed, List<String> trace) {
    super(
        "invariant violated at "
            + SimTrace.time(atMillis).trim()
            + " (seed "
            + seed
            + "): "
            + invariant
            + ": "
            + detail);
    this.invariant = invariant;
    this.detail = detail;
    this.atMillis = atMillis;
    this.seed = seed;
    this.trace = List.copyOf(trace);
  }

  public String invariant() {
    return invariant;
  }

  public String detail() {
    return detail;
  }

  public long atMillis() {
    return atMillis;
  }

  public long seed() {
    return seed;
  }

  public List<String> trace() {
    return trace;
  }
}
