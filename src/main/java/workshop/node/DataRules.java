package workshop.node;

import java.util.Optional;

/**
 * What a node accepts as a key and a value. A rejection says what was wrong and the limit, so a
 * student can fix the request without reading code.
 */
public final class DataRules {
  /** Long enough for any realistic key (UUIDs, paths, composite ids); short enough to log. */
  public static final int MAX_KEY_LENGTH = 1024;

  private DataRules() {}

  /** Empty when the key is acceptable, otherwise the reason it is not. */
  public static Optional<String> checkKey(String key) {
    if (key == null) {
      return Optional.of("field 'key' is required (a non-empty string)");
    }
    if (key.isBlank()) {
      return Optional.of("field 'key' must not be blank");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      return Optional.of(
          "field 'key' is " + key.length() + " characters long; the limit is " + MAX_KEY_LENGTH);
    }
    return Optional.empty();
  }

  /** Empty when the value is acceptable, otherwise the reason it is not. */
  public static Optional<String> checkValue(String value) {
    if (value == null) {
      return Optional.of("field 'value' is required (a string)");
    }
    if (value.isBlank()) {
      return Optional.of("field 'value' must not be blank");
    }
    return Optional.empty();
  }
}
