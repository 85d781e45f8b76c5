package workshop.raft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The replicated log, numbered from 1 as in the Raft paper; index 0 is the empty prefix, of term 0.
 *
 * <p>Invariants: terms never decrease along the log; entries are only ever removed from the end,
 * and only by {@link #merge} when they conflict with the leader's (§5.3). A leader never removes
 * its own entries (Leader Append-Only): it only calls {@link #append}.
 *
 * <p>Not thread-safe; the node that owns it serializes access.
 */
final class RaftLog {
  /**
   * What {@link #merge} did: entries dropped from {@code truncatedFrom} (0 when none) and added.
   */
  record Merge(long truncatedFrom, long firstAdded, long lastAdded) {
    boolean changed() {
      return truncatedFrom > 0 || lastAdded >= firstAdded;
    }
  }

  private final List<LogEntry> entries;

  RaftLog(List<LogEntry> entries) {
    this.entries = new ArrayList<>(entries);
  }

  long lastIndex() {
    return entries.size();
  }

  long lastTerm() {
    return termAt(lastIndex());
  }

  /** The term of the entry at {@code index}: 0 for index 0; -1 past the end (matches nothing). */
  long termAt(long index) {
    if (index == 0) {
      return 0;
    }
    return index <= entries.size() ? entries.get((int) index - 1).term() : -1;
  }

  LogEntry entry(long index) {
    return entries.get((int) index - 1);
  }

  long append(LogEntry entry) {
    entries.add(entry);
    return entries.size();
  }

  /** Up to {@code max} entries from {@code from} on (none when {@code from} is past the end). */
  List<LogEntry> slice(long from, int max) {
    if (from > entries.size()) {
      return List.of();
    }
    int start = (int) from - 1;
    return List.copyOf(entries.subList(start, Math.min(entries.size(), start + max)));
  }

  /**
   * The leader's entries after {@code prevIndex}, whose term the caller has checked: entries
   * already held are kept (a late or duplicated message changes nothing), the first entry whose
   * term differs from the leader's is removed with everything after it, and what is missing is
   * added.
   */
  Merge merge(long prevIndex, List<LogEntry> from) {
    long truncated = 0;
    long firstAdded = 0;
    for (int k = 0; k < from.size(); k++) {
      long index = prevIndex + 1 + k;
      if (index <= lastIndex() && termAt(index) != from.get(k).term()) {
        entries.subList((int) index - 1, entries.size()).clear();
        truncated = index;
      }
      if (index > lastIndex()) {
        if (firstAdded == 0) {
          firstAdded = index;
        }
        entries.add(from.get(k));
      }
    }
    long lastAdded = firstAdded == 0 ? -1 : prevIndex + from.size();
    return new Merge(truncated, firstAdded == 0 ? 0 : firstAdded, lastAdded);
  }

  /**
   * Whether a log ending at ({@code lastTerm}, {@code lastIndex}) is behind this one, that is, not
   * at least as up to date: the later last term wins, and with equal terms the longer log (§5.4.1).
   */
  boolean isBehind(long lastTerm, long lastIndex) {
    return lastTerm() > lastTerm || (lastTerm() == lastTerm && lastIndex() > lastIndex);
  }

  /** The first index holding {@code index}'s term: where a follower asks the leader to resume. */
  long firstIndexOfTermAt(long index) {
    long term = termAt(index);
    long i = index;
    while (i > 1 && termAt(i - 1) == term) {
      i--;
    }
    return i;
  }

  /** A copy, for the disk. */
  List<LogEntry> copy() {
    return List.copyOf(entries);
  }

  /** A read-only view, for invariants and views (no copy). */
  List<LogEntry> view() {
    return Collections.unmodifiableList(entries);
  }
}
