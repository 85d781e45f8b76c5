package workshop.replication;

import java.util.ArrayList;
import java.util.List;

/**
 * The latest writes of a history, so a replica that was cut off can continue where it stopped (a
 * partial resync) instead of copying everything again. Bounded and counted in writes: once more
 * than {@code capacity} writes arrived, the oldest are gone, and a replica that stopped before them
 * needs a full sync. (Redis counts its {@code repl-backlog-size} in bytes, 1 MB by default; a
 * workshop's writes are small and alike, so a count of writes says the same more plainly.)
 *
 * <p>Each write keeps the time it was added, so a primary can tell how long a replica's oldest
 * unacknowledged write has waited: its lag in seconds. A ring buffer; not thread-safe.
 */
final class Backlog {
  private final Write[] writes;
  private final long[] atMillis;
  private long last; // offset of the newest write held (0: none since the start)
  private int size;

  Backlog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a backlog holds at least 1 write, got " + capacity);
    }
    this.writes = new Write[capacity];
    this.atMillis = new long[capacity];
  }

  /** Starts over at {@code offset}, holding nothing (after a full sync, or a restart). */
  void resetTo(long offset) {
    last = offset;
    size = 0;
  }

  void add(Write w, long nowMillis) {
    if (w.offset() != last + 1) {
      throw new IllegalStateException("backlog at " + last + " cannot take " + w);
    }
    int slot = (int) (w.offset() % writes.length);
    writes[slot] = w;
    atMillis[slot] = nowMillis;
    last = w.offset();
    size = Math.min(size + 1, writes.length);
  }

  /** The offset of the oldest write held; {@code last + 1} when empty. */
  long first() {
    return last - size + 1;
  }

  /** Whether a replica at {@code offset} can continue from here: every later write is held. */
  boolean canContinueFrom(long offset) {
    return offset >= first() - 1 && offset <= last;
  }

  /** The writes after {@code offset}, at most {@code max} of them, oldest first. */
  List<Write> after(long offset, int max) {
    long from = Math.max(offset + 1, first());
    long to = Math.min(last, from + max - 1);
    List<Write> out = new ArrayList<>((int) Math.max(0, to - from + 1));
    for (long o = from; o <= to; o++) {
      out.add(writes[(int) (o % writes.length)]);
    }
    return out;
  }

  /** When the write at {@code offset} was added, or -1 when it is not held. */
  long timeOf(long offset) {
    return offset >= first() && offset <= last ? atMillis[(int) (offset % writes.length)] : -1;
  }

  int size() {
    return size;
  }
}
