package workshop.cap;

import java.util.ArrayList;
import java.util.List;

/**
 * A key's value at a version, as replicas hold and copy it. {@code seen} lists the versions this
 * value was written over (newest first, at most {@link #HISTORY}): a replica that holds one of them
 * knows the writer had seen its value, so replacing it loses nothing; a value replaced by one that
 * never saw it is a write silently lost.
 *
 * <p>Trade-off: a version vector would tell causality exactly; a short list of stamps is enough for
 * a lesson's partitions and stays readable on the wire. A replica that missed more than eight
 * writes to one key may report an old value as dropped.
 */
public record Item(String key, String value, Stamp stamp, List<Stamp> seen) {
  public static final int HISTORY = 8;

  public Item {
    seen = List.copyOf(seen);
  }

  /** A new value written over {@code previous} (null when the key is new). */
  public static Item over(Item previous, String key, String value, Stamp stamp) {
    List<Stamp> history = new ArrayList<>();
    if (previous != null) {
      history.add(previous.stamp);
      history.addAll(previous.seen);
    }
    return new Item(key, value, stamp, history.subList(0, Math.min(HISTORY, history.size())));
  }

  /** Whether this value was written by someone who had seen {@code other}'s. */
  public boolean supersedes(Item other) {
    return stamp.equals(other.stamp) || seen.contains(other.stamp);
  }

  /** {@code 'B' (v1764557000123, from cap-3)}. */
  public String describe() {
    return "'" + value + "' (" + stamp.version() + ", from " + stamp.replica() + ")";
  }

  @Override
  public String toString() {
    return key + "=" + value + " " + stamp;
  }
}
