package workshop.raft;

/** A server's role in its current term (Raft §5.1). */
public enum Role {
  FOLLOWER,
  CANDIDATE,
  LEADER;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
