package workshop.raft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import workshop.protocol.Effects;
import workshop.protocol.RequestId;

/**
 * Applies committed entries to the {@link KvStore}, in log order and each once, and answers the
 * clients waiting for them at the leader. An entry is applied only once it is committed, so no
 * server ever applies an entry that another could replace (State Machine Safety, given the
 * commitment rule of {@link Replication}).
 *
 * <p>A waiting client is answered from the entry at the index it was given: the leader that
 * appended it never removes its own entries while it leads, and when it stops leading every waiting
 * client is told so ({@link #abandon}), since its entry may or may not still commit.
 */
final class StateMachine {
  private final KvStore store = new KvStore();
  private final Map<Long, RequestId> waiting = new HashMap<>();

  /** {@code request} is answered when the entry at {@code index} is applied. */
  void await(long index, RequestId request) {
    waiting.put(index, request);
  }

  /** Applies every entry up to {@code commitIndex} not applied yet, and answers waiting clients. */
  void applyUpTo(long commitIndex, RaftLog log, Effects.Builder<RaftMessage> b) {
    long from = store.lastApplied() + 1;
    if (from > commitIndex) {
      return;
    }
    List<String> done = new ArrayList<>();
    for (long i = from; i <= commitIndex; i++) {
      Command c = log.entry(i).command();
      RaftMessage.Result result = store.apply(i, c);
      done.add(result.note() == null ? c.toString() : c + " (a retry: skipped)");
      RequestId client = waiting.remove(i);
      if (client != null) {
        b.reply(client, result);
      }
    }
    b.event(
        "applies " + Replication.range(from, commitIndex),
        (done.size() > 4
                ? String.join(", ", done.subList(0, 4)) + " and " + (done.size() - 4) + " more"
                : String.join(", ", done))
            + "; committed up to "
            + commitIndex);
  }

  /**
   * This server stopped leading: every waiting client learns that its write may or may not land.
   */
  void abandon(Effects.Builder<RaftMessage> b) {
    waiting.forEach(
        (index, request) ->
            b.refuse(
                request,
                "lost leadership before entry "
                    + index
                    + " was committed; it may still commit, so retry with the same request id"));
    waiting.clear();
  }

  long lastApplied() {
    return store.lastApplied();
  }

  Map<String, String> data() {
    return store.data();
  }
}
