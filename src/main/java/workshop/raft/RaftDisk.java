package workshop.raft;

import java.util.List;

/**
 * What a Raft server keeps on disk (Figure 2's "persistent state on all servers"), written before
 * it answers any message: its current term, whom it voted for in that term (null for nobody), and
 * its log. Without the vote a restarted server could vote twice in one term; without the term it
 * could go back to a term it already left; without the log a majority could forget a committed
 * entry.
 */
public record RaftDisk(long currentTerm, String votedFor, List<LogEntry> log) {
  public RaftDisk {
    log = List.copyOf(log);
  }

  public static final RaftDisk EMPTY = new RaftDisk(0, null, List.of());
}
