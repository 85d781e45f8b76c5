package workshop.support.json;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place that knows the JSON library. Lessons build answers as maps or records and read
 * requests as {@link JsonNode} trees through these methods, so the library can change without
 * touching a lesson.
 */
public final class Json {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Json() {}

  /** Serializes records, maps, lists and scalars to UTF-8 JSON bytes. */
  public static byte[] write(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  /** Serializes to a JSON string. */
  public static String text(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /**
   * Parses bytes into a tree.
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
      throw new JsonParseFailure(
          "the body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    }
  }

  /** Parses a string into a tree; see {@link #parse(byte[])}. */
  public static JsonNode parse(String text) {
    return parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Converts a tree into a record or other bean type. */
  public static <T> T convert(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JacksonException e) {
      throw new JsonParseFailure("unexpected JSON shape: " + firstLine(e.getOriginalMessage()));
    }
  }

  /** Converts any value (a record, a map) into a tree. */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** A new, empty, mutable JSON object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
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

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Thrown when bytes are not the JSON the caller expected. The message says what was wrong. */
  public static final class JsonParseFailure extends RuntimeException {
    public JsonParseFailure(String message) {
      super(message);
    }
  }
}
