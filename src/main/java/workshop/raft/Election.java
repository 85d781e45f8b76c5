package workshop.raft;

import java.util.LinkedHashSet;
import java.util.Set;
import workshop.protocol.Effects;
import workshop.protocol.Env;

/**
 * Leader election (Raft §5.2, §5.4.1): a follower that hears from no leader for its election
 * timeout (drawn at random each time) becomes a candidate in the next term, votes for itself and
 * asks every other server for its vote; a server grants at most one vote per term, and only to a
 * candidate whose log is at least as up to date as its own; a candidate with a majority of votes
 * becomes leader.
 *
 * <p>Invariant (Election Safety): at most one leader per term, because two majorities of one
 * cluster share a server and that server votes once per term, its vote on disk before it answers.
 * The up-to-date rule gives Leader Completeness: a candidate missing a committed entry cannot win,
 * because the majority that stored the entry would all refuse it.
 *
 * <p>Relies on: {@link RaftState} having already moved to any later term a message carries; the
 * driver persisting the vote before it sends the answer; randomized timeouts for progress only (a
 * split vote costs another timeout, never safety). Messages may be lost, duplicated or late: a
 * duplicate vote is counted once (a set), and a vote from an older term is ignored.
 */
final class Election {
  private final RaftState s;
  private final Set<String> votes = new LinkedHashSet<>();

  Election(RaftState state) {
    this.s = state;
  }

  /** The election timer fired: stand in the next term. */
  void timeout(Env env, Effects.Builder<RaftMessage> b, Replication replication) {
    String why =
        s.role == Role.CANDIDATE
            ? "the election of term "
                + s.term
                + " ended without a majority ("
                + votes.size()
                + " of "
                + s.config.servers().size()
                + " votes)"
            : "no leader heard within its election timeout of " + s.electionWaitMillis + " ms";
    s.term++;
    s.role = Role.CANDIDATE;
    s.votedFor = s.name;
    s.leader = null;
    votes.clear();
    votes.add(s.name);
    s.persist(b);
    b.event("becomes candidate in term " + s.term, why);
    s.resetElectionTimer(env, b);
    RaftMessage.RequestVote ask =
        new RaftMessage.RequestVote(s.term, s.name, s.log.lastIndex(), s.log.lastTerm());
    s.peers.forEach(peer -> b.send(peer, ask));
    if (votes.size() >= s.majority()) {
      becomeLeader(env, b, replication);
    }
  }

  /** A candidate asks for this server's vote (its term is not later than ours: see above). */
  void onRequestVote(RaftMessage.RequestVote rv, Env env, Effects.Builder<RaftMessage> b) {
    String refusal = refusal(rv);
    if (refusal != null) {
      b.event("refuses its vote to " + rv.candidate() + " in term " + s.term, refusal);
      b.send(rv.candidate(), new RaftMessage.Vote(s.term, false));
      return;
    }
    if (!rv.candidate().equals(s.votedFor)) {
      s.votedFor = rv.candidate();
      s.persist(b);
      b.event(
          "votes for " + rv.candidate() + " in term " + s.term,
          "its log (last entry "
              + rv.lastLogIndex()
              + " of term "
              + rv.lastLogTerm()
              + ") is at least as up to date as ours ("
              + s.log.lastIndex()
              + " of term "
              + s.log.lastTerm()
              + ")");
    }
    // Granting a vote resets the timer (Figure 2), so a voter does not stand against the
    // candidate it just helped.
    s.resetElectionTimer(env, b);
    b.send(rv.candidate(), new RaftMessage.Vote(s.term, true));
  }

  private String refusal(RaftMessage.RequestVote rv) {
    if (rv.term() < s.term) {
      return "its term " + rv.term() + " is behind ours, " + s.term;
    }
    if (s.votedFor != null && !s.votedFor.equals(rv.candidate())) {
      return "already voted for " + s.votedFor + " in this term";
    }
    if (s.log.isBehind(rv.lastLogTerm(), rv.lastLogIndex())) {
      return "its log (last entry "
          + rv.lastLogIndex()
          + " of term "
          + rv.lastLogTerm()
          + ") is behind ours ("
          + s.log.lastIndex()
          + " of term "
          + s.log.lastTerm()
          + ")";
    }
    return null;
  }

  /** A vote came back; one from an older term, or after the election ended, changes nothing. */
  void onVote(
      String from,
      RaftMessage.Vote v,
      Env env,
      Effects.Builder<RaftMessage> b,
      Replication replication) {
    if (s.role != Role.CANDIDATE || v.term() != s.term || !v.granted()) {
      return;
    }
    votes.add(from);
    if (votes.size() >= s.majority()) {
      becomeLeader(env, b, replication);
    }
  }

  private void becomeLeader(Env env, Effects.Builder<RaftMessage> b, Replication replication) {
    s.role = Role.LEADER;
    s.leader = s.name;
    b.cancelTimer(RaftState.ELECTION_TIMER);
    b.event(
        "becomes leader in term " + s.term,
        "votes from "
            + String.join(", ", votes).replaceFirst(s.name, s.name + " (itself)")
            + " ("
            + votes.size()
            + " of "
            + s.config.servers().size()
            + ", a majority is "
            + s.majority()
            + ")");
    replication.lead(b);
  }
}
