package workshop.breaker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A circuit breaker (Nygard, <i>Release It!</i>, ch. 5; Netflix Hystrix; resilience4j's
 * CircuitBreakerStateMachine), as a pure state machine with time as an input.
 *
 * <p>CLOSED: calls flow and consecutive failures are counted; the {@code failureThreshold}-th in a
 * row opens the circuit. OPEN: every call is rejected at once, so a caller spends microseconds
 * instead of a full timeout on a dependency that is down. After {@code openDuration}, the next
 * {@link #tryAcquire} moves to HALF_OPEN and lets exactly one trial call through; others are
 * rejected while it is in flight. A successful trial closes the circuit; a failed one reopens it
 * for another {@code openDuration}.
 *
 * <p>Invariants: the legal moves are exactly {@link Move}; every move is recorded as a {@link
 * Transition} with its reason; at most one trial is in flight. Trade-off: counting consecutive
 * failures (the original's rule) is simple to predict in class but blind to a 50% error rate that
 * never fails three times in a row; resilience4j uses a sliding window of calls for that.
 *
 * <p>Not thread-safe; callers serialize access.
 */
public final class CircuitBreaker {
  /** The legal transitions, as data: anything else is a bug. */
  public enum Move {
    CLOSED_TO_OPEN(BreakerState.CLOSED, BreakerState.OPEN),
    OPEN_TO_HALF_OPEN(BreakerState.OPEN, BreakerState.HALF_OPEN),
    HALF_OPEN_TO_CLOSED(BreakerState.HALF_OPEN, BreakerState.CLOSED),
    HALF_OPEN_TO_OPEN(BreakerState.HALF_OPEN, BreakerState.OPEN);

    final BreakerState from;
    final BreakerState to;

    Move(BreakerState from, BreakerState to) {
      this.from = from;
      this.to = to;
    }
  }

  /** Transitions kept for views; older ones are dropped so a long-running view stays small. */
  public static final int MAX_KEPT_TRANSITIONS = 100;

  private final BreakerConfig config;
  private final List<Transition> transitions = new ArrayList<>();
  private BreakerState state = BreakerState.CLOSED;
  private int consecutiveFailures;
  private Instant openedAt;
  private boolean trialInFlight;

  public CircuitBreaker(BreakerConfig config) {
    this.config = config;
  }

  /** Asks whether a call may be made now. */
  public Decision tryAcquire(Instant now) {
    return switch (state) {
      case CLOSED -> new Decision.Permitted(false);
      case OPEN -> {
        Duration left = untilTrial(now);
        if (!left.isZero()) {
          yield new Decision.Rejected(
              "circuit is OPEN (Fast Fail): next trial in " + millis(left) + " ms");
        }
        move(
            Move.OPEN_TO_HALF_OPEN,
            millis(config.openDuration()) + " ms cool-down elapsed; letting one trial call through",
            "Circuit semi-closed: Entering HALF_OPEN",
            now);
        trialInFlight = true;
        yield new Decision.Permitted(true);
      }
      case HALF_OPEN -> {
        if (trialInFlight) {
          yield new Decision.Rejected("circuit is HALF_OPEN and its one trial call is in flight");
        }
        trialInFlight = true;
        yield new Decision.Permitted(true);
      }
    };
  }

  /** Reports that a permitted call succeeded. */
  public void onSuccess(Instant now) {
    switch (state) {
      case CLOSED -> consecutiveFailures = 0;
      case OPEN -> {
        // A call permitted before the circuit opened came back late: it changes nothing.
      }
      case HALF_OPEN -> {
        trialInFlight = false;
        consecutiveFailures = 0;
        move(
            Move.HALF_OPEN_TO_CLOSED,
            "trial call succeeded",
            "Circuit closed: Recovery successful!",
            now);
      }
    }
  }

  /**
   * Reports that a permitted call failed.
   *
   * @param cause what went wrong, for the transition's reason ("500", "timeout after 1000 ms")
   */
  public void onFailure(Instant now, String cause) {
    switch (state) {
      case CLOSED -> {
        consecutiveFailures++;
        if (consecutiveFailures >= config.failureThreshold()) {
          open(
              Move.CLOSED_TO_OPEN,
              consecutiveFailures
                  + " consecutive failures reached the threshold of "
                  + config.failureThreshold()
                  + " (last: "
                  + cause
                  + ")",
              now);
        }
      }
      case OPEN -> {
        // Late answer of a call made before the circuit opened: already counted as open.
      }
      case HALF_OPEN -> {
        trialInFlight = false;
        consecutiveFailures++;
        open(Move.HALF_OPEN_TO_OPEN, "trial call failed (" + cause + ")", now);
      }
    }
  }

  public BreakerState state() {
    return state;
  }

  public BreakerSnapshot snapshot(Instant now) {
    return new BreakerSnapshot(
        state,
        consecutiveFailures,
        config,
        state == BreakerState.OPEN ? untilTrial(now) : Duration.ZERO,
        trialInFlight,
        List.copyOf(transitions));
  }

  private void open(Move move, String reason, Instant now) {
    openedAt = now;
    move(
        move,
        reason,
        "Circuit split: Entering OPEN state (Failures: " + consecutiveFailures + ")",
        now);
  }

  private void move(Move move, String reason, String announcement, Instant now) {
    if (move.from != state) {
      throw new IllegalStateException("illegal move " + move + " from " + state);
    }
    transitions.add(new Transition(move.from, move.to, reason, announcement, now));
    if (transitions.size() > MAX_KEPT_TRANSITIONS) {
      transitions.remove(0);
    }
    state = move.to;
  }

  private Duration untilTrial(Instant now) {
    Duration left = Duration.between(now, openedAt.plus(config.openDuration()));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static long millis(Duration d) {
    return d.toMillis();
  }
}
