package workshop.membership;

import java.time.Instant;

/** A change in membership, with the reason a student reads in the registry's log. */
public record MembershipEvent(
    String id, MemberStatus from, MemberStatus to, Instant at, String reason) {
  /** True when this event admits a member to the set that serves requests. */
  public boolean becameAlive() {
    return to == MemberStatus.ALIVE && from != MemberStatus.ALIVE;
  }

  public String line() {
    String before = from == null ? "new" : from.wireName();
    return id + ": " + before + " -> " + to.wireName() + " (" + reason + ")";
  }
}
