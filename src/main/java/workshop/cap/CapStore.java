package workshop.cap;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One replica's keys under last-writer-wins: a copy replaces what is held only when its stamp is
 * newer, so every replica that has seen the same writes holds the same values, whatever order they
 * came in (the merge is commutative, associative and idempotent). When the value thrown away was
 * one the winner never saw, the merge says so: that is the write LWW loses silently.
 *
 * <p>Not thread-safe; the node that owns it serializes access.
 */
public final class CapStore {
  /** What a merge did: whether the copy was taken, and the write it lost, if any. */
  public record Merge(boolean taken, LostWrite lost) {
    static final Merge SAME = new Merge(false, null);
  }

  private final TreeMap<String, Item> items = new TreeMap<>();

  public Item get(String key) {
    return items.get(key);
  }

  /** Every key with its version, in key order: what an anti-entropy round offers. */
  public Map<String, Stamp> digest() {
    Map<String, Stamp> d = new TreeMap<>();
    items.forEach((k, v) -> d.put(k, v.stamp()));
    return d;
  }

  public Map<String, Item> items() {
    return Collections.unmodifiableMap(items);
  }

  public int size() {
    return items.size();
  }

  /**
   * A stamp for a new write accepted here: this replica's clock, but always above the key's current
   * version, so a write made after another on the same replica wins even if the clock stepped back.
   */
  public Stamp nextStamp(String key, long nowMillis, String replica) {
    Item held = items.get(key);
    long floor = held == null ? 0 : held.stamp().millis() + 1;
    return new Stamp(Math.max(nowMillis, floor), replica);
  }

  /** Stores a client's write, made over what this replica holds. */
  public Item write(String key, String value, Stamp stamp) {
    Item item = Item.over(items.get(key), key, value, stamp);
    items.put(key, item);
    return item;
  }

  /** Takes {@code copy} if it is newer than what is held; says which write, if any, was lost. */
  public Merge merge(Item copy, long nowMillis) {
    Item held = items.get(copy.key());
    if (held == null) {
      items.put(copy.key(), copy);
      return new Merge(true, null);
    }
    if (held.stamp().equals(copy.stamp())) {
      return Merge.SAME;
    }
    boolean newer = copy.stamp().newerThan(held.stamp());
    Item winner = newer ? copy : held;
    Item loser = newer ? held : copy;
    if (newer) {
      items.put(copy.key(), copy);
    }
    boolean concurrent = !winner.supersedes(loser) && !loser.value().equals(winner.value());
    return new Merge(
        newer, concurrent ? new LostWrite(copy.key(), winner, loser, nowMillis) : null);
  }
}
