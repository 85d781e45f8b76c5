package workshop.support.http;

import java.time.Duration;

/**
 * The outbound side of the fault seam, shared by {@link WebClient} and {@link KeepAliveClient}:
 * what a call does before it is sent ({@link #before}) and once its answer is in ({@link #after}).
 * A delay counts against the call's timeout, as time on the wire does: a call delayed past its
 * timeout fails as a timeout.
 */
final class OutboundFaults {
  /**
   * How a call goes on: the time it has left, and the answer to lose (null: keep it).
   *
   * @param startNanos when the call was made, to wait out the rest of its timeout
   */
  record Plan(Duration timeout, FaultAction.LoseAnswer lose, long startNanos) {}

  private OutboundFaults() {}

  /**
   * Applies the policy's decision for a call: waits out a delay, and throws the failure a dropped
   * (after the whole timeout) or rejected (at once) call gets.
   *
   * @throws CallFailure when the call must not be sent
   */
  static Plan before(
      FaultPolicy faults,
      String authority,
      String method,
      String path,
      String url,
      Duration timeout) {
    long start = System.nanoTime();
    FaultAction action = faults.outbound(authority, method, path);
    Duration delay =
        switch (action) {
          case FaultAction.Pass p -> Duration.ZERO;
          case FaultAction.Delay d -> d.by();
          case FaultAction.LoseAnswer l -> l.delay();
          case FaultAction.Drop d -> {
            sleep(timeout);
            throw timeout(url, authority, timeout, d.reason());
          }
          case FaultAction.Reject r ->
              throw new CallFailure(
                  CallFailure.Kind.REFUSED,
                  url,
                  authority + " refused the call (" + r.reason() + ")",
                  null);
        };
    if (delay.compareTo(timeout) >= 0) {
      sleep(timeout);
      throw timeout(
          url, authority, timeout, "the network delays this call by " + delay.toMillis() + " ms");
    }
    sleep(delay);
    return new Plan(
        timeout.minus(delay), action instanceof FaultAction.LoseAnswer l ? l : null, start);
  }

  /**
   * After an answer arrived: when the policy lost it, the caller gets the failure it would have
   * seen instead (a reset at once, or a timeout once the whole timeout has passed).
   *
   * @throws CallFailure when the answer was lost
   */
  static void after(Plan plan, String url, String authority, Duration timeout) {
    if (plan.lose() == null) {
      return;
    }
    if (plan.lose().refuse()) {
      throw new CallFailure(
          CallFailure.Kind.RESET,
          url,
          authority + " closed the connection without answering (" + plan.lose().reason() + ")",
          null);
    }
    Duration spent = Duration.ofNanos(System.nanoTime() - plan.startNanos());
    sleep(timeout.minus(spent));
    throw timeout(url, authority, timeout, plan.lose().reason());
  }

  private static CallFailure timeout(String url, String authority, Duration timeout, String why) {
    return new CallFailure(
        CallFailure.Kind.TIMEOUT,
        url,
        "no answer from " + authority + " within " + timeout.toMillis() + " ms (" + why + ")",
        null);
  }

  private static void sleep(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
