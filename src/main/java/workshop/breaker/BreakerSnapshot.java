package workshop.breaker;

import java.time.Duration;
import java.util.List;

/**
 * What a view shows of a breaker at one instant; immutable.
 *
 * @param untilTrial time left before a trial call is allowed; zero unless OPEN
 * @param transitions the latest changes (up to {@link CircuitBreaker#MAX_KEPT_TRANSITIONS}), oldest
 *     first
 */
public record BreakerSnapshot(
    BreakerState state,
    int consecutiveFailures,
    BreakerConfig config,
    Duration untilTrial,
    boolean trialInFlight,
    List<Transition> transitions) {}
