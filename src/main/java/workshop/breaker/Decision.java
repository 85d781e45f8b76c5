package workshop.breaker;

/** The answer of {@link CircuitBreaker#tryAcquire}: make the call, or fail fast and say why. */
public sealed interface Decision {
  /**
   * Make the call, then report its outcome with {@code onSuccess} or {@code onFailure}.
   *
   * @param trial true for the single trial call of HALF_OPEN
   */
  record Permitted(boolean trial) implements Decision {}

  /** Do not call: the circuit is OPEN, or HALF_OPEN's one trial is already in flight. */
  record Rejected(String reason) implements Decision {}
}
