package workshop.gossip;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one node knows: for each node id, the newest version it has heard of (and, optionally, the
 * value that came with it). Immutable.
 *
 * <p>{@link #merge} keeps, per id, the greater entry: the higher version, and on a tie the greater
 * value (absent counts as smallest), so that merging is commutative, associative and idempotent
 * whatever two nodes send each other. Those three laws are what make gossip converge: messages may
 * arrive twice, late or in any order, and every node still ends with the same state (a state-based
 * CRDT, a max-register per id; Shapiro et al. 2011).
 */
public final class GossipState {
  private static final GossipState EMPTY = new GossipState(new TreeMap<>());

  /** One id's entry; {@code value} is null when updates carry no value (the original's case). */
  public record Entry(long version, String value) {
    /** True when this entry should replace {@code other} in a merge. */
    boolean beats(Entry other) {
      if (version != other.version) {
        return version > other.version;
      }
      if (value == null || Objects.equals(value, other.value)) {
        return false;
      }
      return other.value == null || value.compareTo(other.value) > 0;
    }
  }

  private final TreeMap<Integer, Entry> entries;

  private GossipState(TreeMap<Integer, Entry> entries) {
    this.entries = entries;
  }

  public static GossipState empty() {
    return EMPTY;
  }

  /** A state knowing only {@code id} at version 0: how every node of the original starts. */
  public static GossipState initial(int id) {
    return empty().with(id, new Entry(0, null));
  }

  /** A state with these versions and no values. */
  public static GossipState ofVersions(Map<Integer, Long> versions) {
    TreeMap<Integer, Entry> m = new TreeMap<>();
    versions.forEach((id, v) -> m.put(id, new Entry(v, null)));
    return new GossipState(m);
  }

  /** A copy with {@code id}'s entry replaced. */
  public GossipState with(int id, Entry entry) {
    if (entry.version() < 0) {
      throw new IllegalArgumentException("version must be 0 or more, got " + entry.version());
    }
    TreeMap<Integer, Entry> m = new TreeMap<>(entries);
    m.put(id, entry);
    return new GossipState(m);
  }

  /** The version this state holds for {@code id}, or -1 when it has never heard of it. */
  public long version(int id) {
    Entry e = entries.get(id);
    return e == null ? -1 : e.version();
  }

  public Entry entry(int id) {
    return entries.get(id);
  }

  /**
   * The union of both states, keeping the greater entry per id. Returns {@code this} (the same
   * object) when {@code other} teaches it nothing, so callers can tell whether anything changed.
   */
  public GossipState merge(GossipState other) {
    if (entries.isEmpty() && !other.entries.isEmpty()) {
      return other; // both immutable: sharing costs nothing, and saves a copy per node at scale
    }
    TreeMap<Integer, Entry> merged = null;
    for (Map.Entry<Integer, Entry> e : other.entries.entrySet()) {
      Entry mine = entries.get(e.getKey());
      if (mine == null || e.getValue().beats(mine)) {
        if (merged == null) {
          merged = new TreeMap<>(entries);
        }
        merged.put(e.getKey(), e.getValue());
      }
    }
    return merged == null ? this : new GossipState(merged);
  }

  /** Ids whose entry in {@code this} beats the one in {@code before}: what a merge taught. */
  public Map<Integer, Entry> newerThan(GossipState before) {
    Map<Integer, Entry> news = new LinkedHashMap<>();
    entries.forEach(
        (id, e) -> {
          Entry old = before.entries.get(id);
          if (old == null || e.beats(old)) {
            news.put(id, e);
          }
        });
    return news;
  }

  /** Id to version, sorted by id: the original's {@code states} map. */
  public Map<Integer, Long> versions() {
    Map<Integer, Long> m = new LinkedHashMap<>();
    entries.forEach((id, e) -> m.put(id, e.version()));
    return m;
  }

  /** Id to value, sorted by id, for the ids that have one. */
  public Map<Integer, String> values() {
    Map<Integer, String> m = new LinkedHashMap<>();
    entries.forEach(
        (id, e) -> {
          if (e.value() != null) {
            m.put(id, e.value());
          }
        });
    return m;
  }

  public Map<Integer, Entry> entries() {
    return Collections.unmodifiableMap(entries);
  }

  public int size() {
    return entries.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GossipState s && s.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  /** {@code 1:3, 2:0}: the visualizer's notation. */
  @Override
  public String toString() {
    return describe(entries);
  }

  /** Entries in the visualizer's notation, {@code 1:3=hello, 2:0}. */
  public static String describe(Map<Integer, Entry> entries) {
    StringBuilder b = new StringBuilder();
    entries.forEach(
        (id, e) -> {
          if (!b.isEmpty()) {
            b.append(", ");
          }
          b.append(id).append(':').append(e.version());
          if (e.value() != null) {
            b.append('=').append(e.value());
          }
        });
    return b.toString();
  }
}
