package workshop.raft;

import java.util.List;

/**
 * Everything a Raft server says: the two RPCs of the paper (RequestVote and AppendEntries, each
 * with its answer), what clients ask ({@link Submit}) and what they are told ({@link Result}). The
 * sender's name travels beside each message in the driver's envelope, so no message names its
 * sender except where the paper does (the candidate, the leader).
 */
public sealed interface RaftMessage {

  /** A message between servers: every one carries the sender's term (Raft §5.1). */
  sealed interface Peer extends RaftMessage {
    long term();
  }

  /** "Vote for me in {@code term}; my log ends at this index and term" (§5.2, §5.4.1). */
  record RequestVote(long term, String candidate, long lastLogIndex, long lastLogTerm)
      implements Peer {
    public RequestVote {
      notNegative("term", term, "lastLogIndex", lastLogIndex, "lastLogTerm", lastLogTerm);
    }
  }

  /** The answer to a {@link RequestVote}: granted or not, in the voter's term. */
  record Vote(long term, boolean granted) implements Peer {
    public Vote {
      notNegative("term", term);
    }
  }

  /**
   * "Append these entries after {@code prevLogIndex}, whose term is {@code prevLogTerm}; I have
   * committed up to {@code leaderCommit}". With no entries it is a heartbeat (§5.3).
   */
  record AppendEntries(
      long term,
      String leader,
      long prevLogIndex,
      long prevLogTerm,
      List<LogEntry> entries,
      long leaderCommit)
      implements Peer {
    public AppendEntries {
      notNegative(
          "term",
          term,
          "prevLogIndex",
          prevLogIndex,
          "prevLogTerm",
          prevLogTerm,
          "leaderCommit",
          leaderCommit);
      entries = List.copyOf(entries);
      for (LogEntry e : entries) {
        if (e.term() < prevLogTerm || e.term() > term) {
          throw new IllegalArgumentException(
              "entry terms must lie from prevLogTerm " + prevLogTerm + " to term " + term);
        }
      }
    }
  }

  /**
   * The answer to {@link AppendEntries}. On success {@code index} is the last index now known to
   * match the leader's log; on failure it is where the follower asks the leader to resume (the end
   * of its log, or the first entry of the conflicting term), so a far-behind follower costs one
   * round trip instead of one per missing entry.
   */
  record Appended(long term, boolean success, long index) implements Peer {
    public Appended {
      notNegative("term", term, "index", index);
    }
  }

  /** A client's command: sent to any server; only the leader accepts it. */
  record Submit(Command command) implements RaftMessage {
    @Override
    public String toString() {
      return command.toString();
    }
  }

  /**
   * What a command did, once committed and applied at {@code index}: the key's value after it (null
   * when the key is not set), and {@code note} when the command was a retry answered from memory.
   */
  record Result(long index, String key, String value, String note) implements RaftMessage {
    @Override
    public String toString() {
      String shown = key == null ? "ok" : key + "=" + (value == null ? "(not set)" : value);
      return shown + " at index " + index + (note == null ? "" : " (" + note + ")");
    }
  }

  /**
   * Indexes and terms count from 0: a message with a negative one is refused before any handler
   * sees it (messages are untrusted).
   */
  private static void notNegative(Object... namesAndValues) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if ((Long) namesAndValues[i + 1] < 0) {
        throw new IllegalArgumentException(
            namesAndValues[i] + " must be 0 or more, got " + namesAndValues[i + 1]);
      }
    }
  }
}
