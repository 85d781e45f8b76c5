package workshop.raft;

import java.time.Duration;
import java.util.List;

/**
 * A Raft cluster's settings, the same on every server.
 *
 * @param servers every server's name, this one included
 * @param electionTimeoutMin the shortest a follower waits for a leader before it stands
 * @param electionTimeoutMax the longest; each wait is drawn at random between the two
 * @param heartbeatInterval how often a leader sends AppendEntries when it has nothing new
 * @param maxEntriesPerAppend the most entries one AppendEntries carries
 */
public record RaftConfig(
    List<String> servers,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration heartbeatInterval,
    int maxEntriesPerAppend) {

  /**
   * 150-300 ms: the range the Raft paper measured (§9.3): wide enough that one server usually times
   * out alone and wins before another stands, short enough that a dead leader is replaced within a
   * third of a second.
   */
  public static final Duration TIMEOUT_MIN = Duration.ofMillis(150);

  public static final Duration TIMEOUT_MAX = Duration.ofMillis(300);

  /** 50 ms: a third of the shortest election timeout, so two heartbeats may be lost in a row. */
  public static final Duration HEARTBEAT = Duration.ofMillis(50);

  /** 64: a far-behind follower catches up in a few round trips; a message stays small. */
  public static final int MAX_ENTRIES = 64;

  public RaftConfig {
    servers = List.copyOf(servers);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("a Raft cluster needs at least one server");
    }
    if (servers.stream().distinct().count() != servers.size()) {
      throw new IllegalArgumentException("each server is named once, got " + servers);
    }
    if (electionTimeoutMin.toMillis() < 1 || electionTimeoutMax.compareTo(electionTimeoutMin) < 0) {
      throw new IllegalArgumentException(
          "election timeouts must satisfy 1 ms <= min <= max, got "
              + electionTimeoutMin.toMillis()
              + ".."
              + electionTimeoutMax.toMillis()
              + " ms");
    }
    if (heartbeatInterval.toMillis() < 1 || heartbeatInterval.compareTo(electionTimeoutMin) >= 0) {
      throw new IllegalArgumentException(
          "the heartbeat interval must be at least 1 ms and shorter than the shortest election"
              + " timeout ("
              + electionTimeoutMin.toMillis()
              + " ms), got "
              + heartbeatInterval.toMillis()
              + " ms");
    }
    if (maxEntriesPerAppend < 1 || maxEntriesPerAppend > 10_000) {
      throw new IllegalArgumentException(
          "entries per AppendEntries must be from 1 to 10000, got " + maxEntriesPerAppend);
    }
  }

  public static RaftConfig of(List<String> servers) {
    return new RaftConfig(servers, TIMEOUT_MIN, TIMEOUT_MAX, HEARTBEAT, MAX_ENTRIES);
  }

  /** How many servers make a majority: more than half. */
  public int majority() {
    return servers.size() / 2 + 1;
  }
}
