package workshop.replication;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's copy of the data and where it stands in a primary's history: the keys, the offset of the
 * last write applied, the id of the history ({@code replid}) and the latest writes (the backlog).
 * Every node keeps one, primary or replica, so a promoted replica can serve its siblings a partial
 * resync at once.
 *
 * <p>Invariant: the keys are exactly the result of applying writes 1 to {@code offset} of history
 * {@code replid}; writes are applied one at a time, in order, never skipped. After a promotion the
 * node starts a new history but remembers the old one ({@code replid2}) up to the offset where they
 * part ({@code replid2Offset}), as Redis 4's PSYNC2 does: a replica of the old history that stopped
 * at or before that offset can still continue. Not thread-safe.
 */
final class Dataset {
  /** The id of no history: a node that never synced ({@code PSYNC ? -1}). */
  static final String NONE = "?";

  private final Map<String, String> keys = new TreeMap<>();
  private final Backlog backlog;
  private String replid = NONE;
  private String replid2 = NONE;
  private long replid2Offset = -1;
  private long offset;

  Dataset(int backlogCapacity) {
    this.backlog = new Backlog(backlogCapacity);
  }

  /** A primary's own write: the next offset of its history. */
  Write write(String key, String value, long nowMillis) {
    Write w = new Write(offset + 1, key, value);
    apply(w, nowMillis);
    return w;
  }

  /**
   * Applies {@code w} if it is the next write; false when it is old (a duplicate) or leaves a gap.
   */
  boolean apply(Write w, long nowMillis) {
    if (w.offset() != offset + 1) {
      return false;
    }
    if (w.deletes()) {
      keys.remove(w.key());
    } else {
      keys.put(w.key(), w.value());
    }
    offset = w.offset();
    backlog.add(w, nowMillis);
    return true;
  }

  /** Replaces everything with a primary's snapshot of history {@code id} at {@code at}. */
  void load(String id, long at, Map<String, String> snapshot) {
    keys.clear();
    keys.putAll(snapshot);
    replid = id;
    replid2 = NONE;
    replid2Offset = -1;
    offset = at;
    backlog.resetTo(at);
  }

  /** Names the history of a node that has none yet (a primary's first start). */
  void begin(String id) {
    if (NONE.equals(replid)) {
      replid = id;
    }
  }

  /** Starts a new history here, remembering the old one up to this offset (a promotion). */
  void fork(String newId) {
    replid2 = replid;
    replid2Offset = offset;
    replid = newId;
  }

  /** Takes the new id of the same history, as a replica does when its primary was promoted. */
  void rename(String newId) {
    if (!newId.equals(replid)) {
      replid2 = replid;
      replid2Offset = offset;
      replid = newId;
    }
  }

  /** Whether a node at {@code offset} of history {@code id} can continue from this backlog. */
  boolean canContinue(String id, long at) {
    boolean known = id.equals(replid) || (id.equals(replid2) && at <= replid2Offset);
    return known && !NONE.equals(id) && backlog.canContinueFrom(at);
  }

  /** Up to which offset history {@code id} is also this one's, or -1 when unrelated. */
  long sharedWith(String id, long at) {
    if (NONE.equals(id)) {
      return -1;
    }
    if (id.equals(replid)) {
      return Math.min(at, offset);
    }
    return id.equals(replid2) ? Math.min(at, replid2Offset) : -1;
  }

  /**
   * The keys whose value this node would lose by loading {@code snapshot}, when the histories are
   * the same up to {@code shared}: the keys of its own writes after that point that the snapshot
   * does not hold as they are here. With an unrelated history ({@code shared} -1), every key whose
   * value differs. Each key once, with the value lost ("user:1=Alice", or "user:1 (deleted)").
   */
  List<String> lostTo(Map<String, String> snapshot, long shared) {
    List<String> lost = new ArrayList<>();
    if (shared >= 0 && backlog.canContinueFrom(shared)) {
      for (Write w : backlog.after(shared, Integer.MAX_VALUE)) {
        String mine = keys.get(w.key());
        String entry = mine == null ? w.key() + " (deleted)" : w.key() + "=" + mine;
        if (!java.util.Objects.equals(mine, snapshot.get(w.key())) && !lost.contains(entry)) {
          lost.add(entry);
        }
      }
      return lost;
    }
    keys.forEach(
        (k, v) -> {
          if (!v.equals(snapshot.get(k))) {
            lost.add(k + "=" + v);
          }
        });
    return lost;
  }

  List<Write> after(long at, int max) {
    return backlog.after(at, max);
  }

  long timeOf(long at) {
    return backlog.timeOf(at);
  }

  String get(String key) {
    return keys.get(key);
  }

  Map<String, String> keys() {
    return Collections.unmodifiableMap(keys);
  }

  Map<String, String> copy() {
    return Map.copyOf(keys);
  }

  String replid() {
    return replid;
  }

  String replid2() {
    return replid2;
  }

  long replid2Offset() {
    return replid2Offset;
  }

  long offset() {
    return offset;
  }

  long backlogFirst() {
    return backlog.first();
  }

  int backlogSize() {
    return backlog.size();
  }
}
