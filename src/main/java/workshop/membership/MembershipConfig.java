package workshop.membership;

import java.time.Duration;

/**
 * How the failure detector is tuned.
 *
 * @param heartbeatInterval how often members heartbeat; 2 s as in the original
 * @param timeout silence after which a member is declared dead; 5 s as in the original, so one lost
 *     heartbeat (or a 2 s pause) is tolerated and two are not
 */
public record MembershipConfig(Duration heartbeatInterval, Duration timeout) {
  public static final MembershipConfig DEFAULT =
      new MembershipConfig(Duration.ofSeconds(2), Duration.ofSeconds(5));

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
  }
}
