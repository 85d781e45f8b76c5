package workshop.support.json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * JSON for the records of one sealed interface (a protocol's messages), each object tagged with its
 * record's simple name: {@code {"type": "PullRequest", "state": {...}}}. The tag names the record,
 * the other fields are its components. Reading refuses, with a sentence, anything that is not one
 * of the records: no type, an unknown type (the known ones are listed), a missing field, a field of
 * the wrong kind, or a value the record's constructor rejects.
 *
 * <p>A component that is not a record (a protocol's own value class) needs an adapter to a wire
 * record and back; the core class stays free of annotations. Thread-safe once built.
 *
 * @param <T> the sealed interface
 */
public final class TaggedJson<T> {
  /** The field that carries the record's name. */
  public static final String TYPE = "type";

  private final Class<T> sealedType;
  private final Map<String, Class<? extends T>> byTag;
  private final JsonMapper mapper;

  /** The value classes read through their wire records. */
  private final Map<Class<?>, JsonBinder.Adapter<?, ?>> readers;

  private TaggedJson(
      Class<T> sealedType, SimpleModule adapters, Map<Class<?>, JsonBinder.Adapter<?, ?>> readers) {
    this.sealedType = sealedType;
    this.readers = Map.copyOf(readers);
    this.byTag = tags(sealedType);
    this.mapper =
        JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(adapters)
            .build();
  }

  /** Starts the codec for the records permitted by {@code sealedType}. */
  public static <T> Builder<T> of(Class<T> sealedType) {
    if (!sealedType.isSealed()) {
      throw new IllegalArgumentException(sealedType.getName() + " is not a sealed interface");
    }
    return new Builder<>(sealedType);
  }

  private static <T> Map<String, Class<? extends T>> tags(Class<T> sealedType) {
    Map<String, Class<? extends T>> tags = new LinkedHashMap<>();
    for (Class<?> c : sealedType.getPermittedSubclasses()) {
      if (!c.isRecord()) {
        throw new IllegalArgumentException(c.getName() + " is not a record");
      }
      if (tags.put(c.getSimpleName(), c.asSubclass(sealedType)) != null) {
        throw new IllegalArgumentException("two records are named " + c.getSimpleName());
      }
    }
    return tags;
  }

  /** The names a message may carry in its {@value #TYPE} field, in declaration order. */
  public Set<String> tags() {
    return byTag.keySet();
  }

  public byte[] write(T value) {
    ObjectNode node = mapper.createObjectNode();
    node.put(TYPE, value.getClass().getSimpleName());
    node.setAll((ObjectNode) mapper.valueToTree(value));
    return mapper.writeValueAsBytes(node);
  }

  /** A JSON array of tagged records. */
  public byte[] writeArray(java.util.List<? extends T> values) {
    tools.jackson.databind.node.ArrayNode array = mapper.createArrayNode();
    for (T v : values) {
      array.add(mapper.readTree(write(v)));
    }
    return mapper.writeValueAsBytes(array);
  }

  /**
   * Reads a JSON array of tagged records.
   *
   * @throws Json.JsonParseFailure saying which element was wrong and how
   */
  public java.util.List<T> readArray(byte[] json) {
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (JacksonException e) {
      throw new Json.JsonParseFailure("the body is not valid JSON: " + firstLine(e));
    }
    if (tree == null || !tree.isArray()) {
      throw new Json.JsonParseFailure("expected a JSON array of objects with a \"type\" field");
    }
    java.util.List<T> values = new java.util.ArrayList<>();
    for (JsonNode element : tree) {
      values.add(read(mapper.writeValueAsBytes(element)));
    }
    return values;
  }

  public String text(T value) {
    return new String(write(value), StandardCharsets.UTF_8);
  }

  /**
   * Reads one tagged record.
   *
   * @throws Json.JsonParseFailure saying what was wrong
   */
  public T read(byte[] json) {
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (JacksonException e) {
      throw new Json.JsonParseFailure("the body is not valid JSON: " + firstLine(e));
    }
    if (tree == null || !tree.isObject()) {
      throw new Json.JsonParseFailure(
          "expected a JSON object with a \"type\" field, one of " + tags());
    }
    JsonNode tag = tree.get(TYPE);
    if (tag == null || !tag.isString()) {
      throw new Json.JsonParseFailure(
          "the object has no \"type\" field; expected one of " + tags());
    }
    Class<? extends T> type = byTag.get(tag.asString());
    if (type == null) {
      throw new Json.JsonParseFailure(
          "\""
              + tag.asString()
              + "\" is not a "
              + sealedType.getSimpleName()
              + "; expected one of "
              + tags());
    }
    ObjectNode fields = ((ObjectNode) tree).deepCopy();
    fields.remove(TYPE);
    try {
      // The strict binder, as for every body: no number taken for a boolean, no fraction or
      // out-of-range number for a whole one, and a sentence naming the field.
      return JsonBinder.bind(fields, type, readers);
    } catch (Json.JsonParseFailure | IllegalArgumentException e) {
      throw new Json.JsonParseFailure(
          "not a valid " + type.getSimpleName() + ": " + e.getMessage());
    }
  }

  public T read(String json) {
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String firstLine(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Collects adapters for component types that are not records. */
  public static final class Builder<T> {
    private final Class<T> sealedType;
    private final SimpleModule adapters = new SimpleModule("tagged-json-adapters");
    private final Map<Class<?>, JsonBinder.Adapter<?, ?>> readers = new LinkedHashMap<>();

    private Builder(Class<T> sealedType) {
      this.sealedType = sealedType;
    }

    /**
     * Writes every {@code type} value as the wire record {@code toWire} makes of it, and reads it
     * back through {@code fromWire}, which may reject it with an {@link IllegalArgumentException}
     * whose message becomes the reason.
     */
    public <V, W> Builder<T> adapt(
        Class<V> type, Class<W> wire, Function<V, W> toWire, Function<W, V> fromWire) {
      adapters.addSerializer(
          type,
          new StdSerializer<V>(type) {
            @Override
            public void serialize(V value, JsonGenerator gen, SerializationContext ctxt) {
              ctxt.writeValue(gen, toWire.apply(value));
            }
          });
      readers.put(type, new JsonBinder.Adapter<>(wire, fromWire));
      return this;
    }

    public TaggedJson<T> build() {
      return new TaggedJson<>(sealedType, adapters, readers);
    }
  }
}
