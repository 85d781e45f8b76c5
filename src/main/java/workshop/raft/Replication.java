package workshop.raft;

import java.util.HashMap;
import java.util.Map;
import workshop.protocol.Effects;

/**
 * The leader's half of log replication (Raft §5.3, §5.4.2): for each follower the next index to
 * send and the highest index known to match; AppendEntries on every new entry and on every
 * heartbeat; commitment once a majority stores an entry of the current term.
 *
 * <p>Invariants: {@code matchIndex < nextIndex} for every follower; the commit index never goes
 * back; an entry is committed by counting replicas only when its term is the leader's current term
 * (Figure 8 of the paper shows an entry of an older term on a majority being overwritten); earlier
 * entries are committed with it, by Log Matching.
 *
 * <p>Relies on: the follower's consistency check ({@link Follower}); answers that may come late,
 * twice or out of order, which is why a success only ever raises {@code matchIndex} and a failure
 * never lowers {@code nextIndex} below {@code matchIndex + 1}. A lost message costs at most one
 * heartbeat interval.
 */
final class Replication {
  private final RaftState s;
  private final Map<String, Long> nextIndex = new HashMap<>();
  private final Map<String, Long> matchIndex = new HashMap<>();

  Replication(RaftState state) {
    this.s = state;
  }

  /**
   * Just elected: every follower is assumed to match up to our last entry until it says otherwise;
   * the first entry of the term is a no-op, so that entries of earlier terms commit with it (§8)
   * and reads through the log need not wait for a client's write.
   */
  void lead(Effects.Builder<RaftMessage> b) {
    nextIndex.clear();
    matchIndex.clear();
    for (String peer : s.peers) {
      nextIndex.put(peer, s.log.lastIndex() + 1);
      matchIndex.put(peer, 0L);
    }
    append(new LogEntry(s.term, Command.noop()), b);
  }

  /** Appends a new entry to the leader's own log and sends it to every follower at once. */
  long append(LogEntry entry, Effects.Builder<RaftMessage> b) {
    long index = s.log.append(entry);
    s.persist(b);
    broadcast(b);
    advanceCommit(b);
    return index;
  }

  /** The heartbeat: every follower gets what it lacks, or an empty AppendEntries. */
  void broadcast(Effects.Builder<RaftMessage> b) {
    for (String peer : s.peers) {
      sendTo(peer, b);
    }
    b.setTimer(RaftState.HEARTBEAT_TIMER, s.config.heartbeatInterval());
  }

  private void sendTo(String peer, Effects.Builder<RaftMessage> b) {
    long next = nextIndex.get(peer);
    b.send(
        peer,
        new RaftMessage.AppendEntries(
            s.term,
            s.name,
            next - 1,
            s.log.termAt(next - 1),
            s.log.slice(next, s.config.maxEntriesPerAppend()),
            s.commitIndex));
  }

  /** A follower answered AppendEntries of this term. */
  void onAppended(String from, RaftMessage.Appended a, Effects.Builder<RaftMessage> b) {
    if (s.role != Role.LEADER || a.term() != s.term || !nextIndex.containsKey(from)) {
      return;
    }
    long match = matchIndex.get(from);
    if (a.success()) {
      long newMatch = Math.min(Math.max(match, a.index()), s.log.lastIndex());
      matchIndex.put(from, newMatch);
      nextIndex.put(from, Math.max(nextIndex.get(from), newMatch + 1));
      advanceCommit(b);
      if (nextIndex.get(from) <= s.log.lastIndex() && newMatch > match) {
        sendTo(from, b); // more to send: keep a catching-up follower busy
      }
      return;
    }
    long next = nextIndex.get(from);
    long resume = Math.max(match + 1, Math.min(next - 1, a.index()));
    if (resume < next) {
      nextIndex.put(from, resume);
      b.event(
          "resends to " + from + " from entry " + resume,
          from
              + " rejected entries after "
              + (next - 1)
              + " and asks for entries from "
              + a.index());
      sendTo(from, b);
    }
  }

  /** The highest index of this term stored on a majority becomes the commit index. */
  private void advanceCommit(Effects.Builder<RaftMessage> b) {
    for (long n = s.log.lastIndex(); n > s.commitIndex; n--) {
      if (s.log.termAt(n) != s.term) {
        break; // older terms commit only beneath an entry of this term
      }
      int stored = 1; // the leader's own copy
      for (long m : matchIndex.values()) {
        if (m >= n) {
          stored++;
        }
      }
      if (stored >= s.majority()) {
        b.event(
            "commits " + range(s.commitIndex + 1, n),
            "stored on "
                + stored
                + " of "
                + s.config.servers().size()
                + " servers, entry "
                + n
                + " of the current term "
                + s.term);
        s.commitIndex = n;
        return;
      }
    }
  }

  static String range(long from, long to) {
    return from == to ? "entry " + from : "entries " + from + ".." + to;
  }
}
