package workshop.membership;

import java.time.Duration;

/**
 * How the failure detector is tuned.
 *
 * @param heartbeatInterval how often members heartbeat; 2 s as in the original
 * @param timeout silence after which a member is declared dead; 5 s as in the original, so one lost
 *     heartbeat (or a 2 s pause) is tolerated and two are not
 * @param sweepEvery how often the registry looks for silent members; 1 s as in the original, so a
 *     member is declared dead between {@code timeout} and {@code timeout + sweepEvery} after its
 *     last heartbeat
 */
public record MembershipConfig(Duration heartbeatInterval, Duration timeout, Duration sweepEvery) {
  public static final MembershipConfig DEFAULT =
      new MembershipConfig(Duration.ofSeconds(2), Duration.ofSeconds(5));

  /** Sweeping once a second, as the original's registry did. */
  public MembershipConfig(Duration heartbeatInterval, Duration timeout) {
    this(heartbeatInterval, timeout, Duration.ofSeconds(1));
  }

  public MembershipConfig {
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException(
          "heartbeat interval must be more than 0, got " + heartbeatInterval);
    }
    if (timeout.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException(
          "timeout ("
              + timeout.toMillis()
              + " ms) must be longer than the heartbeat interval ("
              + heartbeatInterval.toMillis()
              + " ms), or every member is declared dead between two heartbeats");
    }
    if (sweepEvery.toMillis() < 10 || sweepEvery.compareTo(timeout) > 0) {
      throw new IllegalArgumentException(
          "sweep interval must be from 10 ms to the timeout ("
              + timeout.toMillis()
              + " ms), got "
              + sweepEvery.toMillis()
              + " ms");
    }
  }
}
