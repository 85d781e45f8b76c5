package workshop.breaker;

import java.time.Instant;

/**
 * One change of state, with the reason a student reads in the log.
 *
 * @param announcement the original workshop's line for this change, e.g. {@code Circuit split:
 *     Entering OPEN state (Failures: 3)}
 */
public record Transition(
    BreakerState from, BreakerState to, String reason, String announcement, Instant at) {

  /** {@code CLOSED -> OPEN: 3 consecutive failures reached the threshold of 3}. */
  public String describe() {
    return from + " -> " + to + ": " + reason;
  }
}
