package workshop.membership;

/** Where a member stands in the registry's view. Wire names are the original's, lower case. */
public enum MemberStatus {
  /** Announced (for example by a scale-up) but not heard from yet. */
  STARTING,
  /** Heartbeating within the timeout. */
  ALIVE,
  /** Silent for longer than the timeout; comes back on its next heartbeat. */
  DEAD,
  /** Left on purpose (Ctrl+C, or killed through the registry); not expected back. */
  LEFT;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
