package workshop.kv;

import java.util.HashMap;
import java.util.Map;

/**
 * The data of one key-value server: a map from key to value with an optional expiry, the history's
 * offset, and the counters INFO reports.
 *
 * <p>Writes go through two steps, so something can stand between them: {@link #sequence} turns an
 * accepted {@link WriteOp} into an {@link Operation} at the next offset without changing anything,
 * and {@link #apply} makes it take effect. Today the server writes the operation to its append-only
 * log between the two; replication will send it to replicas there too (and a replica calls only
 * {@code apply}, with its primary's offsets). {@code apply} takes operations strictly in order: one
 * that does not start where the last ended is refused, so a gap or a repeat in a replicated stream
 * is seen at once.
 *
 * <p>Expiry is lazy, as Redis's is when a key is touched: a read at or after a key's end finds
 * nothing and removes it. Time is an input ({@code nowMillis}); the class reads no clock. Not
 * thread-safe: the server serializes every call.
 */
public final class Keyspace {
  private record Entry(byte[] value, long expiresAtMillis) {}

  private final Map<String, Entry> data = new HashMap<>();
  private long offset;
  private long writes;
  private long hits;
  private long misses;
  private long expired;

  /** The value of {@code key} at {@code nowMillis}, or null; counts a hit or a miss. */
  public byte[] get(String key, long nowMillis) {
    Entry e = live(key, nowMillis);
    if (e == null) {
      misses++;
      return null;
    }
    hits++;
    return e.value();
  }

  /** Whether {@code key} holds a value at {@code nowMillis}; counts nothing. */
  public boolean exists(String key, long nowMillis) {
    return live(key, nowMillis) != null;
  }

  /** Keys held, including those past their end that nothing has touched since. */
  public int size() {
    return data.size();
  }

  /** Keys that have an expiry. */
  public long withExpiry() {
    return data.values().stream().filter(e -> e.expiresAtMillis() > 0).count();
  }

  /** The history's length in bytes: every applied write as the log holds it. */
  public long offset() {
    return offset;
  }

  /** Writes applied since start, replayed ones included. */
  public long writes() {
    return writes;
  }

  public long hits() {
    return hits;
  }

  public long misses() {
    return misses;
  }

  /** Keys removed because their TTL ended. */
  public long expired() {
    return expired;
  }

  /** The operation {@code write} becomes if it is applied next; changes nothing. */
  public Operation sequence(WriteOp write) {
    byte[] bytes = write.encode();
    return new Operation(offset + bytes.length, write, bytes);
  }

  /**
   * Applies the next operation of the history.
   *
   * @throws IllegalArgumentException when {@code op} does not follow the last applied operation
   */
  public void apply(Operation op) {
    long expected = offset + op.bytes().length;
    if (op.offset() != expected) {
      throw new IllegalArgumentException(
          "operation ending at offset "
              + op.offset()
              + " does not follow offset "
              + offset
              + " (a "
              + op.bytes().length
              + "-byte write would end at "
              + expected
              + ")");
    }
    switch (op.write()) {
      case WriteOp.Set s -> data.put(s.key(), new Entry(s.value(), s.expiresAtMillis()));
      case WriteOp.Del d -> d.keys().forEach(data::remove);
    }
    offset = op.offset();
    writes++;
  }

  /** The entry of {@code key} unless its TTL ended at or before {@code nowMillis}. */
  private Entry live(String key, long nowMillis) {
    Entry e = data.get(key);
    if (e != null && e.expiresAtMillis() > 0 && e.expiresAtMillis() <= nowMillis) {
      data.remove(key);
      expired++;
      return null;
    }
    return e;
  }
}
