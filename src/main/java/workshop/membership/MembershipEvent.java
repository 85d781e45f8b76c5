package workshop.membership;

import java.time.Instant;

/** A change in membership, with the reason a student reads in the registry's log. */
public record MembershipEvent(
    String id, MemberStatus from, MemberStatus to, Instant at, String reason) {
  /** True when this event admits a member to the set that serves requests. */
  public boolean becameAlive() {
    return to == MemberStatus.ALIVE && from != MemberStatus.ALIVE;
  }

  /** What changed, without the why: {@code node-2: alive -> dead}. */
  public String what() {
    String before = from == null ? "new" : from.wireName();
    return id + ": " + before + " -> " + to.wireName();
  }

  /** {@code node-2: alive -> dead: missed heartbeats: silent for 5.3 s (timeout 5.0 s)}. */
  public String line() {
    return what() + ": " + reason;
  }
}
