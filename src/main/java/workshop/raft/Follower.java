package workshop.raft;

import workshop.protocol.Effects;
import workshop.protocol.Env;

/**
 * The follower's half of log replication (Raft §5.3): the consistency check, conflict truncation,
 * and the commit index learned from the leader.
 *
 * <p>The check: an AppendEntries names the entry just before its own ({@code prevLogIndex}, {@code
 * prevLogTerm}); a follower accepts only if its log holds that entry. By induction every accepted
 * append leaves the follower's log equal to the leader's up to the last new entry (Log Matching:
 * two logs with an entry of the same index and term are identical up to it). An entry that
 * conflicts (same index, other term) is removed with everything after it; an entry already held is
 * kept, so a late or duplicated AppendEntries never removes what a newer one added.
 *
 * <p>Relies on: {@link RaftState} having already moved to any later term; the driver persisting the
 * log before it sends the answer, so an entry the leader counts toward a majority survives a crash.
 * The commit index follows the leader's only up to the last entry this message proved to match,
 * never beyond: entries past it may still be replaced.
 */
final class Follower {
  private final RaftState s;

  Follower(RaftState state) {
    this.s = state;
  }

  void onAppendEntries(RaftMessage.AppendEntries ae, Env env, Effects.Builder<RaftMessage> b) {
    if (ae.term() < s.term) {
      b.event(
          "rejects AppendEntries from " + ae.leader(),
          "its term " + ae.term() + " is behind ours, " + s.term + "; it is no longer leader");
      b.send(ae.leader(), new RaftMessage.Appended(s.term, false, 0));
      return;
    }
    follow(ae.leader(), b);
    s.resetElectionTimer(env, b);
    long prev = ae.prevLogIndex();
    if (s.log.termAt(prev) != ae.prevLogTerm()) {
      long resume =
          prev > s.log.lastIndex()
              ? s.log.lastIndex() + 1
              : Math.max(s.commitIndex + 1, s.log.firstIndexOfTermAt(prev));
      b.event(
          "rejects entries after " + prev + " from " + ae.leader(),
          prev > s.log.lastIndex()
              ? "our log ends at " + s.log.lastIndex() + "; asks for entries from " + resume
              : "our entry "
                  + prev
                  + " is of term "
                  + s.log.termAt(prev)
                  + ", the leader's of term "
                  + ae.prevLogTerm()
                  + "; asks for entries from "
                  + resume);
      b.send(ae.leader(), new RaftMessage.Appended(s.term, false, resume));
      return;
    }
    RaftLog.Merge merge = s.log.merge(prev, ae.entries());
    if (merge.changed()) {
      s.persist(b);
      if (merge.truncatedFrom() > 0) {
        b.event(
            "drops its entries from " + merge.truncatedFrom(),
            "they conflict with " + ae.leader() + "'s log in term " + ae.term());
      }
      if (merge.lastAdded() >= merge.firstAdded() && merge.firstAdded() > 0) {
        b.event(
            "appends " + Replication.range(merge.firstAdded(), merge.lastAdded()),
            "from "
                + ae.leader()
                + ", consistent at entry "
                + prev
                + " of term "
                + ae.prevLogTerm());
      }
    }
    long matched = prev + ae.entries().size();
    long commit = Math.min(ae.leaderCommit(), matched);
    if (commit > s.commitIndex) {
      s.commitIndex = commit;
    }
    b.send(ae.leader(), new RaftMessage.Appended(s.term, true, matched));
  }

  /**
   * The sender leads this term: a candidate gives up, and a follower learns whom to redirect to.
   */
  private void follow(String leader, Effects.Builder<RaftMessage> b) {
    if (s.role == Role.CANDIDATE) {
      s.role = Role.FOLLOWER;
      b.event(
          "gives up its candidacy in term " + s.term, leader + " won this term's election first");
    }
    if (!leader.equals(s.leader)) {
      s.leader = leader;
      b.event("follows " + leader + " in term " + s.term, "AppendEntries from the term's leader");
    }
  }
}
