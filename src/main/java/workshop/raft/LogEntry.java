package workshop.raft;

/** One entry of the replicated log: the term of the leader that created it, and its command. */
public record LogEntry(long term, Command command) {
  @Override
  public String toString() {
    return term + ":" + command;
  }
}
