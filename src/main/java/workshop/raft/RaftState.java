package workshop.raft;

import java.util.List;
import workshop.protocol.Effects;
import workshop.protocol.Env;

/**
 * The state every role of one Raft server shares (Figure 2 of the paper): the persistent part
 * (current term, vote, log) and the volatile part (role, known leader, commit index). Role classes
 * ({@link Election}, {@link Follower}, {@link Replication}) read and change it; every change of
 * term, vote or log goes out through {@link #persist}, so the driver writes it before anything this
 * server says is sent.
 *
 * <p>Relies on: one input at a time (the driver serializes access); the driver persisting before it
 * sends, which is what makes a vote or an acknowledged entry survive a crash.
 */
final class RaftState {
  static final String ELECTION_TIMER = "election";
  static final String HEARTBEAT_TIMER = "heartbeat";

  final String name;
  final RaftConfig config;
  final List<String> peers;
  final RaftLog log;
  long term;
  String votedFor;
  Role role = Role.FOLLOWER;
  String leader;
  long commitIndex;

  /** The election timeout drawn last, for the reason a candidate gives. */
  long electionWaitMillis;

  RaftState(String name, RaftConfig config, RaftDisk disk) {
    if (!config.servers().contains(name)) {
      throw new IllegalArgumentException(name + " is not one of the servers " + config.servers());
    }
    this.name = name;
    this.config = config;
    this.peers = config.servers().stream().filter(s -> !s.equals(name)).toList();
    this.term = disk.currentTerm();
    this.votedFor = disk.votedFor();
    this.log = new RaftLog(disk.log());
  }

  RaftDisk disk() {
    return new RaftDisk(term, votedFor, log.copy());
  }

  /** Asks the driver to write term, vote and log before it sends what this input produced. */
  void persist(Effects.Builder<RaftMessage> b) {
    b.persist(disk());
  }

  /**
   * A message from a later term: this server moves to that term as a follower, with no vote yet and
   * no known leader (§5.1: "If RPC request or response contains term T > currentTerm: set
   * currentTerm = T, convert to follower").
   */
  void enterTerm(long newTerm, String why, Effects.Builder<RaftMessage> b) {
    Role was = role;
    b.event(
        (was == Role.FOLLOWER ? "moves" : "steps down as " + was.label() + ", moves")
            + " from term "
            + term
            + " to "
            + newTerm,
        why);
    term = newTerm;
    votedFor = null;
    role = Role.FOLLOWER;
    leader = null;
    persist(b);
  }

  /**
   * Waits a fresh random election timeout (§5.2: randomized so that one server usually times out
   * alone); returns the wait in milliseconds.
   */
  long resetElectionTimer(Env env, Effects.Builder<RaftMessage> b) {
    long min = config.electionTimeoutMin().toMillis();
    long max = config.electionTimeoutMax().toMillis();
    long wait = min == max ? min : env.random().nextLong(min, max + 1);
    b.setTimer(ELECTION_TIMER, java.time.Duration.ofMillis(wait));
    electionWaitMillis = wait;
    return wait;
  }

  int majority() {
    return config.majority();
  }
}
