package workshop.cap.http;

import java.util.List;
import java.util.Map;
import workshop.cap.Item;
import workshop.cap.LostWrite;
import workshop.support.json.Json;

/** A CAP replica on the wire: what it reads and answers. */
public final class CapWire {
  private CapWire() {}

  /** The longest key taken: long enough for any lesson's names, short enough to print. */
  public static final int MAX_KEY = 200;

  /** The longest value taken: 10,000 characters; a replica copies whole values on every sync. */
  public static final int MAX_VALUE = 10_000;

  /**
   * {@code POST /data}: a write. Both fields are required; they may be absent to the reader so that
   * the replica refuses their absence in its own words.
   */
  public record Write(@Json.Optional String key, @Json.Optional String value) {
    public Write {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("field 'key' is required, e.g. \"user:x\"");
      }
      if (key.length() > MAX_KEY) {
        throw new IllegalArgumentException(
            "field 'key' may have at most " + MAX_KEY + " characters, not " + key.length());
      }
      if (value == null) {
        throw new IllegalArgumentException("field 'value' is required, e.g. \"A\"");
      }
      if (value.length() > MAX_VALUE) {
        throw new IllegalArgumentException(
            "field 'value' may have at most " + MAX_VALUE + " characters, not " + value.length());
      }
    }
  }

  /** A value at its version, and the replica that accepted the write. */
  public record Version(String value, long version, String from) {
    static Version of(Item item) {
      return item == null
          ? null
          : new Version(item.value(), item.stamp().millis(), item.stamp().replica());
    }
  }

  /** The answer to {@code POST /data}: who holds it now ({@code acks} of {@code replicas}). */
  public record Written(
      String status,
      String node,
      String mode,
      String key,
      String value,
      long version,
      String from,
      int acks,
      int replicas) {}

  /** The answer to {@code GET /data/{key}}; {@code found} false with a null value when absent. */
  public record Read(
      String node,
      String mode,
      String key,
      boolean found,
      @Json.Optional String value,
      @Json.Optional Long version,
      @Json.Optional String from,
      int answered,
      int replicas) {}

  /** A 503: the {@code detail} says how many replicas this side has and how many a majority is. */
  public record Refused(
      String error,
      String detail,
      int status,
      String node,
      String key,
      int reachable,
      int replicas,
      int majority) {}

  /** One write last-writer-wins dropped, and the one it kept; {@code line} says it in words. */
  public record Lost(String key, Version kept, Version dropped, String line) {
    static Lost of(LostWrite w) {
      return new Lost(w.key(), Version.of(w.kept()), Version.of(w.dropped()), w.toString());
    }
  }

  /** {@code GET /lost}: the writes this replica saw dropped, oldest first (the latest 100). */
  public record LostWrites(String node, String mode, long total, List<Lost> lost_writes) {}

  /** {@code GET /}: the replica's mode, its peers and every key it holds. */
  public record Status(
      String node, String mode, List<String> replicas, int majority, Map<String, Version> keys) {}
}
