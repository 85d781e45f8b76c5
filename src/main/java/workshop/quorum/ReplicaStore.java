package workshop.quorum;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One replica's data: for each key the highest version it has been given. An older or equal version
 * is ignored, which makes writes and read repairs safe to repeat and to deliver out of order. Not
 * thread-safe; the server serializes access.
 */
public final class ReplicaStore {
  private final Map<String, Versioned> data = new HashMap<>();
  private long highest;

  /** Stores {@code value} if it is newer than what is there; returns whether it did. */
  public boolean apply(String key, Versioned value) {
    Versioned current = data.get(key);
    if (!value.newerThan(current)) {
      return false;
    }
    data.put(key, value);
    highest = Math.max(highest, value.version());
    return true;
  }

  public Optional<Versioned> get(String key) {
    return Optional.ofNullable(data.get(key));
  }

  /** The highest version of any key here; 0 when empty. */
  public long highestVersion() {
    return highest;
  }

  public int size() {
    return data.size();
  }

  /** Every key with its version, for anti-entropy digests. */
  public Map<String, Long> digest() {
    Map<String, Long> versions = new java.util.TreeMap<>();
    data.forEach((k, v) -> versions.put(k, v.version()));
    return versions;
  }
}
