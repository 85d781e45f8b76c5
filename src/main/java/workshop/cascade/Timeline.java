package workshop.cascade;

import java.time.Duration;

/**
 * The scenario's script in time since the start: C is fast, then slow, then fast again, and the run
 * ends by itself. A fifth of the run lets the system settle, the slow spell lasts until half-time,
 * and the second half shows whether (and how fast) the system recovers once C is fine.
 *
 * @param total how long the load runs
 * @param slowFrom when C turns slow
 * @param slowUntil when C is fast again
 * @param fastDelay C's work per request while fast
 * @param slowDelay C's work per request while slow
 */
public record Timeline(
    Duration total, Duration slowFrom, Duration slowUntil, Duration fastDelay, Duration slowDelay) {
  /** Shortest run: one second in each phase and two to recover. */
  public static final Duration MIN_TOTAL = Duration.ofSeconds(4);

  /** Longest run: a class's attention span, and a bound on what a typo can start. */
  public static final Duration MAX_TOTAL = Duration.ofMinutes(10);

  /** 5 ms: a healthy database call. */
  public static final Duration FAST = Duration.ofMillis(5);

  /** 2 s: a lock, a full disk or a garbage collector; longer than every caller's timeout. */
  public static final Duration SLOW = Duration.ofSeconds(2);

  /** The three phases, named as the per-second lines show them. */
  public enum Phase {
    BEFORE("C fast"),
    SLOW("C slow"),
    AFTER("C fast again");

    private final String label;

    Phase(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public Timeline {
    if (total.isNegative()) {
      throw new IllegalArgumentException(
          "--duration must not be negative, got " + seconds(total) + "; try 30s");
    }
    if (total.compareTo(MIN_TOTAL) < 0 || total.compareTo(MAX_TOTAL) > 0) {
      throw new IllegalArgumentException(
          "--duration must be between "
              + seconds(MIN_TOTAL)
              + " and "
              + seconds(MAX_TOTAL)
              + ", got "
              + seconds(total));
    }
    if (slowFrom.isNegative() || slowUntil.compareTo(slowFrom) <= 0) {
      throw new IllegalArgumentException("the slow spell must start before it ends");
    }
  }

  /** The usual script for a run of {@code total}: slow from 20 % to 50 % of it. */
  public static Timeline of(Duration total, Duration slowDelay) {
    if (total.isNegative() || total.compareTo(MIN_TOTAL) < 0) {
      return new Timeline(total, Duration.ZERO, Duration.ofSeconds(1), FAST, slowDelay);
    }
    long s = total.toSeconds();
    long from = Math.max(1, Math.round(s * 0.2));
    long until = Math.max(from + 1, Math.round(s * 0.5));
    return new Timeline(
        total, Duration.ofSeconds(from), Duration.ofSeconds(until), FAST, slowDelay);
  }

  public Phase phaseAt(Duration elapsed) {
    if (elapsed.compareTo(slowFrom) < 0) {
      return Phase.BEFORE;
    }
    return elapsed.compareTo(slowUntil) < 0 ? Phase.SLOW : Phase.AFTER;
  }

  /** How long C works on a request that arrives at {@code elapsed}. */
  public Duration delayAt(Duration elapsed) {
    return phaseAt(elapsed) == Phase.SLOW ? slowDelay : fastDelay;
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
