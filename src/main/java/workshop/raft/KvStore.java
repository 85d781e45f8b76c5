package workshop.raft;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state machine on top of the log: a map of keys to values that applies committed commands in
 * log order. Every server applies the same commands in the same order, so every server's map goes
 * through the same states (State Machine Safety).
 *
 * <p>Exactly-once writes (Raft §8): a client session's write carries its request number; the store
 * remembers, per session, the highest number applied and its result. A write whose number is not
 * higher is a retry (the client did not hear the answer, perhaps because the leader crashed after
 * committing) and is answered from memory without being applied again. The memory is itself state
 * machine state, rebuilt from the log on every server, so a retry is caught by whichever server
 * leads when it arrives. Trade-off: one result per session is kept, so a client must not have two
 * writes of one session in flight; sessions are never expired (a real system expires them, §6.3 of
 * Ongaro's thesis).
 */
final class KvStore {
  private record Applied(long seq, RaftMessage.Result result) {}

  private final Map<String, String> data = new HashMap<>();
  private final Map<String, Applied> sessions = new HashMap<>();
  private long lastApplied;

  /** Applies the committed entry at {@code index} (the next one) and returns what it did. */
  RaftMessage.Result apply(long index, Command c) {
    if (index != lastApplied + 1) {
      throw new IllegalStateException("entry " + index + " applied after " + lastApplied);
    }
    lastApplied = index;
    if (c.client() != null && c.writes()) {
      Applied before = sessions.get(c.client());
      if (before != null && c.seq() <= before.seq()) {
        return retry(index, c, before);
      }
    }
    RaftMessage.Result result =
        switch (c.op()) {
          case "put" -> {
            data.put(c.key(), c.value());
            yield new RaftMessage.Result(index, c.key(), c.value(), null);
          }
          case "incr" -> {
            String value = Long.toString(counter(data.get(c.key())) + 1);
            data.put(c.key(), value);
            yield new RaftMessage.Result(index, c.key(), value, null);
          }
          case "get" -> new RaftMessage.Result(index, c.key(), data.get(c.key()), null);
          default -> new RaftMessage.Result(index, null, null, null);
        };
    if (c.client() != null && c.writes()) {
      sessions.put(c.client(), new Applied(c.seq(), result));
    }
    return result;
  }

  private static RaftMessage.Result retry(long index, Command c, Applied before) {
    if (c.seq() == before.seq()) {
      RaftMessage.Result first = before.result();
      return new RaftMessage.Result(
          first.index(),
          first.key(),
          first.value(),
          "a retry of "
              + c.client()
              + "#"
              + c.seq()
              + ", applied once; entry "
              + index
              + " skipped");
    }
    return new RaftMessage.Result(
        index,
        c.key(),
        null,
        "a retry of "
            + c.client()
            + "#"
            + c.seq()
            + ", superseded by #"
            + before.seq()
            + "; not applied");
  }

  /** A counter's value: an unset key counts as 0, and a key that holds text too. */
  private static long counter(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  long lastApplied() {
    return lastApplied;
  }

  Map<String, String> data() {
    return new TreeMap<>(data);
  }
}
