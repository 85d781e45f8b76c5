package workshop.membership;

import java.time.Instant;

/**
 * One member as the registry sees it.
 *
 * @param lastHeard the last heartbeat (or the announcement, while {@link MemberStatus#STARTING})
 * @param reason why it has its current status, for logs and the dashboard
 * @param dataCount how many keys it said it holds in its last heartbeat (0 before any)
 * @param provedToken whether its address came from a heartbeat that proved the cluster's token:
 *     only such an address may be sent the token, and only such a heartbeat may move it
 */
public record Member(
    String id,
    String address,
    MemberStatus status,
    Instant lastHeard,
    String reason,
    int dataCount,
    boolean provedToken) {
  /** A member that has said nothing about its data. */
  public Member(String id, String address, MemberStatus status, Instant lastHeard, String reason) {
    this(id, address, status, lastHeard, reason, 0, false);
  }

  /** A member whose address no heartbeat with the token vouched for. */
  public Member(
      String id,
      String address,
      MemberStatus status,
      Instant lastHeard,
      String reason,
      int dataCount) {
    this(id, address, status, lastHeard, reason, dataCount, false);
  }

  /** The same member with another status, since {@code at}, for {@code why}. */
  Member with(MemberStatus newStatus, Instant at, String why) {
    return new Member(id, address, newStatus, at, why, dataCount, provedToken);
  }
}
