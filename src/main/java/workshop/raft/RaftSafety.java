package workshop.raft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import workshop.sim.Invariant;
import workshop.sim.SimView;

/**
 * The four safety properties of Raft (Figure 3 of the paper) as simulator invariants, checked
 * against every running server after every step. Each keeps the history it needs (who led each
 * term, what was committed and applied where), so make a fresh set for every simulation.
 *
 * <ul>
 *   <li><b>Election Safety</b>: at most one leader is ever elected in a given term.
 *   <li><b>Log Matching</b>: if two logs hold an entry with the same index and term, the logs are
 *       identical in all entries up to that index.
 *   <li><b>Leader Completeness</b>: an entry committed in a term is in the log of every leader of
 *       every later term.
 *   <li><b>State Machine Safety</b>: no two servers ever apply different entries at one index.
 * </ul>
 *
 * Leader Append-Only is not listed: a leader's log is checked by the other four. A server that is
 * down shows nothing; what it persisted is checked again when it restarts.
 */
public final class RaftSafety {
  private final Map<Long, String> leaderOf = new HashMap<>();
  private final List<LogEntry> committed = new ArrayList<>();
  private final List<Long> committedInTerm = new ArrayList<>();
  private final List<LogEntry> applied = new ArrayList<>();

  private RaftSafety() {}

  /** A fresh set of the four invariants, with empty histories. */
  public static List<Invariant<RaftMessage>> invariants() {
    RaftSafety h = new RaftSafety();
    return List.of(
        Invariant.of("election safety: at most one leader per term", h::electionSafety),
        Invariant.of("log matching: same index and term, same log up to there", h::logMatching),
        Invariant.of(
            "leader completeness: a committed entry is in every later leader's log",
            h::leaderCompleteness),
        Invariant.of(
            "state machine safety: no two servers apply different entries at one index",
            h::stateMachineSafety));
  }

  private static List<String> which(SimView<RaftMessage> world, String stepped) {
    return stepped == null ? world.nodes() : List.of(stepped);
  }

  private String electionSafety(SimView<RaftMessage> world, String stepped) {
    for (String name : which(world, stepped)) {
      RaftNode n = (RaftNode) world.node(name);
      if (n != null && n.role() == Role.LEADER) {
        String before = leaderOf.putIfAbsent(n.term(), name);
        if (before != null && !before.equals(name)) {
          return before + " and " + name + " were both elected leader of term " + n.term();
        }
      }
    }
    return null;
  }

  private String logMatching(SimView<RaftMessage> world, String stepped) {
    for (String a : which(world, stepped)) {
      RaftNode x = (RaftNode) world.node(a);
      for (String b : world.nodes()) {
        RaftNode y = (RaftNode) world.node(b);
        if (x == null || y == null || a.equals(b)) {
          continue;
        }
        String broken = logsMatch(a, x.log(), b, y.log());
        if (broken != null) {
          return broken;
        }
      }
    }
    return null;
  }

  private static String logsMatch(String a, List<LogEntry> x, String b, List<LogEntry> y) {
    int top = Math.min(x.size(), y.size()) - 1;
    while (top >= 0 && x.get(top).term() != y.get(top).term()) {
      top--;
    }
    for (int i = top; i >= 0; i--) {
      if (!x.get(i).equals(y.get(i))) {
        return a
            + " and "
            + b
            + " agree on entry "
            + (top + 1)
            + " of term "
            + x.get(top).term()
            + " but differ at entry "
            + (i + 1)
            + ": "
            + x.get(i)
            + " vs "
            + y.get(i);
      }
    }
    return null;
  }

  private String leaderCompleteness(SimView<RaftMessage> world, String stepped) {
    for (String name : which(world, stepped)) {
      RaftNode n = (RaftNode) world.node(name);
      if (n == null) {
        continue;
      }
      for (long i = committed.size() + 1; i <= n.commitIndex(); i++) {
        committed.add(n.log().get((int) i - 1));
        committedInTerm.add(n.term());
      }
    }
    for (String name : world.nodes()) {
      RaftNode n = (RaftNode) world.node(name);
      if (n == null || n.role() != Role.LEADER) {
        continue;
      }
      for (int i = 0; i < committed.size(); i++) {
        if (committedInTerm.get(i) < n.term()
            && (n.log().size() <= i || !n.log().get(i).equals(committed.get(i)))) {
          return name
              + ", leader of term "
              + n.term()
              + ", lacks entry "
              + (i + 1)
              + " ("
              + committed.get(i)
              + "), committed in term "
              + committedInTerm.get(i);
        }
      }
    }
    return null;
  }

  private String stateMachineSafety(SimView<RaftMessage> world, String stepped) {
    for (String name : which(world, stepped)) {
      RaftNode n = (RaftNode) world.node(name);
      if (n == null) {
        continue;
      }
      for (int i = 0; i < n.lastApplied(); i++) {
        LogEntry mine = n.log().get(i);
        if (i == applied.size()) {
          applied.add(mine);
        } else if (!applied.get(i).equals(mine)) {
          return name + " applied " + mine + " at index " + (i + 1) + ", another " + applied.get(i);
        }
      }
    }
    return null;
  }
}
