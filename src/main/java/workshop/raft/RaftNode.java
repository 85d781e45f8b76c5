package workshop.raft;

import java.util.List;
import java.util.Map;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.ProtocolNode;
import workshop.protocol.RequestId;

/**
 * One Raft server (Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm",
 * 2014) with a key-value store on top, as a {@link ProtocolNode}: it routes each input to the role
 * that handles it and applies what is committed. Read the roles in this order: {@link Election}
 * (terms and votes), {@link Follower} (the consistency check), {@link Replication} (the leader's
 * side and commitment), {@link StateMachine} and {@link KvStore} (applying committed entries, and
 * exactly-once writes).
 *
 * <p>Reads go through the log: a {@code get} is an entry like a write, answered when it is applied.
 * A deposed leader that does not know it yet cannot commit anything, so it can never answer a read
 * with a stale value: the read is linearizable at the point its entry commits. The alternative, a
 * read index (§6.4 of Ongaro's thesis: note the commit index, confirm leadership with one round of
 * heartbeats, answer once applied that far), saves the log entry and its disk write; going through
 * the log was chosen because it needs no code beyond writes, so it is right by the same argument.
 *
 * <p>Invariants (checked after every step by {@link RaftSafety}): Election Safety, Log Matching,
 * Leader Completeness and State Machine Safety. Relies on the driver persisting {@link RaftDisk}
 * before it sends (the {@link Effects} contract) and on nothing about the network: messages may be
 * lost, duplicated, reordered or late. Not thread-safe; drivers serialize access.
 */
public final class RaftNode implements ProtocolNode<RaftMessage> {
  private final RaftState s;
  private final Election election;
  private final Follower follower;
  private final Replication replication;
  private final StateMachine machine = new StateMachine();

  /**
   * @param disk what this server last persisted, or null on a first start (or a wiped disk)
   */
  public RaftNode(String name, RaftConfig config, RaftDisk disk) {
    this.s = new RaftState(name, config, disk == null ? RaftDisk.EMPTY : disk);
    this.election = new Election(s);
    this.follower = new Follower(s);
    this.replication = new Replication(s);
  }

  @Override
  public String id() {
    return s.name;
  }

  @Override
  public Effects<RaftMessage> onStart(Env env) {
    Effects.Builder<RaftMessage> b = Effects.builder();
    b.event(
        "starts as follower in term "
            + s.term
            + " with "
            + (s.log.lastIndex() == 1 ? "1 log entry" : s.log.lastIndex() + " log entries"),
        s.term == 0 && s.log.lastIndex() == 0
            ? "nothing on disk"
            : "read from disk" + (s.votedFor == null ? "" : "; voted for " + s.votedFor));
    s.resetElectionTimer(env, b);
    return b.build();
  }

  @Override
  public Effects<RaftMessage> onTimer(String timer, Env env) {
    Effects.Builder<RaftMessage> b = Effects.builder();
    if (timer.equals(RaftState.ELECTION_TIMER) && s.role != Role.LEADER) {
      election.timeout(env, b, replication);
    } else if (timer.equals(RaftState.HEARTBEAT_TIMER) && s.role == Role.LEADER) {
      replication.broadcast(b);
    }
    applyCommitted(b);
    return b.build();
  }

  @Override
  public Effects<RaftMessage> onMessage(String from, RaftMessage message, Env env) {
    Effects.Builder<RaftMessage> b = Effects.builder();
    if (message instanceof RaftMessage.Peer p && p.term() > s.term) {
      stepUp(from, p, env, b);
    }
    switch (message) {
      case RaftMessage.RequestVote rv -> election.onRequestVote(rv, env, b);
      case RaftMessage.Vote v -> election.onVote(from, v, env, b, replication);
      case RaftMessage.AppendEntries ae -> follower.onAppendEntries(ae, env, b);
      case RaftMessage.Appended a -> replication.onAppended(from, a, b);
      case RaftMessage.Submit x -> b.event("ignores a command from " + from, "clients submit");
      case RaftMessage.Result x -> b.event("ignores a result from " + from, "servers answer");
    }
    applyCommitted(b);
    return b.build();
  }

  /** A message from a later term: follow it, and tell waiting clients this leader is gone. */
  private void stepUp(String from, RaftMessage.Peer p, Env env, Effects.Builder<RaftMessage> b) {
    boolean wasLeader = s.role == Role.LEADER;
    String why =
        switch (p) {
          case RaftMessage.RequestVote rv -> from + " asks for votes in term " + p.term();
          case RaftMessage.AppendEntries ae -> from + " leads term " + p.term();
          default -> from + " answered from term " + p.term();
        };
    s.enterTerm(p.term(), why, b);
    if (wasLeader) {
      b.cancelTimer(RaftState.HEARTBEAT_TIMER);
      s.resetElectionTimer(env, b);
      machine.abandon(b);
    }
  }

  @Override
  public Effects<RaftMessage> onRequest(RequestId request, RaftMessage body, Env env) {
    Effects.Builder<RaftMessage> b = Effects.builder();
    if (!(body instanceof RaftMessage.Submit submit) || submit.command().op().equals("noop")) {
      return b.refuse(request, "expected a command: put, incr or get").build();
    }
    if (s.role != Role.LEADER) {
      return b.refuse(request, notLeader()).build();
    }
    long index = s.log.lastIndex() + 1;
    b.event(
        "appends " + submit.command() + " as entry " + index + " of term " + s.term,
        "client request " + request);
    machine.await(index, request);
    replication.append(new LogEntry(s.term, submit.command()), b);
    applyCommitted(b);
    return b.build();
  }

  /** Why a follower or candidate turns a client away, and where to go instead. */
  public String notLeader() {
    return s.leader == null
        ? "not the leader, and no leader is known in term " + s.term + "; try again shortly"
        : "not the leader; " + s.leader + " leads term " + s.term;
  }

  private void applyCommitted(Effects.Builder<RaftMessage> b) {
    machine.applyUpTo(s.commitIndex, s.log, b);
  }

  // ---- what views and invariants read -----------------------------------------------------------

  public Role role() {
    return s.role;
  }

  public long term() {
    return s.term;
  }

  /** The leader of the current term, when known (itself when it leads). */
  public String leader() {
    return s.leader;
  }

  public String votedFor() {
    return s.votedFor;
  }

  public long commitIndex() {
    return s.commitIndex;
  }

  public long lastApplied() {
    return machine.lastApplied();
  }

  /** The log, read only and not copied: entry {@code i} is at position {@code i - 1}. */
  public List<LogEntry> log() {
    return s.log.view();
  }

  /** The state machine's keys and values, sorted. */
  public Map<String, String> data() {
    return machine.data();
  }

  /** The state on one line, for transcripts and logs. */
  public String describe() {
    return String.format("%-9s", s.role.label())
        + " term "
        + s.term
        + "  log "
        + (s.log.lastIndex() == 0 ? "empty" : "1.." + s.log.lastIndex())
        + " (last term "
        + s.log.lastTerm()
        + ")  commit "
        + s.commitIndex
        + "  "
        + data();
  }
}
