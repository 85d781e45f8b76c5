package workshop.breaker;

/** The three states of a circuit breaker, with the words the original visualizer printed. */
public enum BreakerState {
  /** Calls flow; consecutive failures are counted. */
  CLOSED("CLOSED (Healthy)"),
  /** Calls are rejected at once, without touching the failing dependency. */
  OPEN("OPEN (Failing - Fast Fail)"),
  /** The cool-down is over: exactly one trial call decides between CLOSED and OPEN. */
  HALF_OPEN("HALF-OPEN (Testing Recovery)");

  private final String display;

  BreakerState(String display) {
    this.display = display;
  }

  /** As the original showed it: {@code Current State: OPEN (Failing - Fast Fail)}. */
  public String display() {
    return display;
  }
}
