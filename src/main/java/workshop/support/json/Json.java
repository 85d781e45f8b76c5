package workshop.support.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that knows the JSON library. Lessons write answers as records or ordered maps and
 * read what comes over the wire into records ({@link #read}), so the library can change without
 * touching a lesson.
 *
 * <p>A wire record names its components after the JSON fields, the original's names included
 * ({@code record Heartbeat(String node_id, @Json.Optional String address)}). Every component is
 * required unless marked {@link Optional}; unknown fields are ignored, so a sender may add fields.
 */
public final class Json {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Json() {}

  /**
   * Marks a record component that may be absent or null on the wire; it is then null. What absence
   * means (a default, or a refusal in the handler's own words) is the handler's decision.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface Optional {}

  /** Serializes records, maps, lists and scalars to UTF-8 JSON bytes. */
  public static byte[] write(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  /** Serializes to a JSON string. */
  public static String text(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /**
   * Reads JSON into a record (or {@code String}, {@code List}, {@code Map<String, ?>}, {@code
   * Object}; see {@link JsonBinder}).
   *
   * @throws JsonParseFailure when the bytes are not JSON
   * @throws ShapeFailure when they are JSON of another shape: a missing required field, a field of
   *     the wrong type, a number out of range; its message names the field and what was expected
   */
  public static <T> T read(byte[] bytes, Class<T> type) {
    return JsonBinder.bind(parse(bytes), type);
  }

  /**
   * Reads back a file the workshop wrote itself with {@link #write} (a node's persisted state),
   * with the library's full data binding: any record, maps keyed by numbers included. Not for what
   * others send: {@link #read} checks that and names what is wrong.
   *
   * @throws JsonParseFailure when the file is not JSON of that type
   */
  public static <T> T load(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (JacksonException e) {
      throw new JsonParseFailure(
          "not a saved " + type.getSimpleName() + ": " + plain(e.getOriginalMessage()));
    }
  }

  /**
   * Reads JSON into a record the way a live view should: a field that is absent or of the wrong
   * type becomes null (0 or false for a primitive) instead of failing, and a list element that
   * cannot be read is left out, so the view shows what it can and says what is missing.
   *
   * @throws JsonParseFailure when the bytes are not JSON; {@link ShapeFailure} only when the
   *     document as a whole is of another kind (an array where an object was expected)
   */
  public static <T> T readTolerantly(byte[] bytes, Class<T> type) {
    return JsonBinder.bindTolerantly(parse(bytes), type);
  }

  /** Reads a JSON string into a record; see {@link #read(byte[], Class)}. */
  public static <T> T read(String text, Class<T> type) {
    return read(text.getBytes(StandardCharsets.UTF_8), type);
  }

  /**
   * Parses bytes into the library's tree: for support code and for tests that check the wire shape
   * itself. Lessons read records with {@link #read}.
   *
   * @throws JsonParseFailure with a message a student can act on when the bytes are not JSON
   */
  public static JsonNode parse(byte[] bytes) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new JsonParseFailure("the body is empty; send a JSON document");
      }
      return node;
    } catch (JacksonException e) {
      throw new JsonParseFailure("the body is not valid JSON: " + plain(e.getOriginalMessage()));
    }
  }

  /** Parses a string into a tree; see {@link #parse(byte[])}. */
  public static JsonNode parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An insertion-ordered map built from alternating keys and values: {@code map("a", 1, "b", 2)}.
   */
  public static Map<String, Object> map(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("map() takes key/value pairs");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** What a JSON value is, in words: "an array", "a string", "null", or a short number itself. */
  static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isString()) {
      return "a string";
    }
    if (node.isNumber()) {
      String digits = node.asString();
      return digits.length() <= 24 ? digits : "a " + digits.length() + "-character number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isNull()) {
      return "null";
    }
    return "an object";
  }

  /**
   * The library's message, first line only and without the names of its classes and settings (a
   * limit it enforces says "from `StreamReadConstraints...`", a refused NaN "enable
   * `JsonReadFeature...` to allow"), which mean nothing to the sender.
   */
  private static String plain(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.replaceAll(":? ?enable `[^`]*` to allow", "")
        .replaceAll(", from `[^`]*`", "")
        .replaceAll(" ?`[^`]*`", "")
        .strip();
  }

  /** Thrown when bytes are not the JSON the caller expected. The message says what was wrong. */
  public static class JsonParseFailure extends RuntimeException {
    public JsonParseFailure(String message) {
      super(message);
    }
  }

  /**
   * JSON of the wrong shape for the record asked for. The message names the field (as {@code
   * 'nodes[2].node_id'}) and what was expected, or what the record's own check refused.
   */
  public static final class ShapeFailure extends JsonParseFailure {
    private final String field;

    public ShapeFailure(String field, String message) {
      super(message);
      this.field = field;
    }

    /** The field, as {@code nodes[2].node_id}; empty for the document as a whole. */
    public String field() {
      return field;
    }

    /** True when the document as a whole is of another kind: an array where an object belongs. */
    public boolean wholeDocument() {
      return field.isEmpty() && getMessage().startsWith("the body must be");
    }
  }
}
