package workshop.support.json;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Binds a parsed JSON tree to a record by its component names and types, and says exactly what is
 * wrong when it cannot: which field, what was expected, what came instead.
 *
 * <p>It binds the few types a wire record needs: {@code String} (a JSON string; a number or a
 * boolean is taken as its text, as the original's Python servers did), {@code int}, {@code long}
 * (whole numbers in range only: {@code 1.5}, {@code 1.5e300} and a 400-digit integer are refused,
 * never rounded), {@code double}, {@code boolean}, {@code List<T>}, {@code Map<String, T>}, nested
 * records, and {@code Object} (any JSON, as plain Java maps, lists, strings, numbers and booleans,
 * for the few wire formats whose shape depends on their content). Fields it does not know are
 * ignored: a newer sender may add fields (principle 7: add, never rename or drop).
 *
 * <p>Written by hand rather than with the library's data binding so that every refusal reads the
 * same and names no library class, and so that numbers are never silently coerced.
 */
final class JsonBinder {
  private static final JsonBinder STRICT = new JsonBinder(false, Map.of());
  private static final JsonBinder TOLERANT = new JsonBinder(true, Map.of());

  /**
   * How a value class that is not a record is read: as its wire record, then converted; the
   * conversion may refuse with an {@link IllegalArgumentException} whose message is the reason.
   */
  record Adapter<W, V>(Class<W> wire, java.util.function.Function<W, V> fromWire) {}

  /**
   * Whether a field that is absent or of the wrong type becomes null (0 or false for a primitive)
   * instead of failing, and a list element or map entry that cannot be read is left out.
   */
  private final boolean tolerant;

  /** Value classes read through their wire records (a tagged protocol's adapters). */
  private final Map<Class<?>, Adapter<?, ?>> adapters;

  private JsonBinder(boolean tolerant, Map<Class<?>, Adapter<?, ?>> adapters) {
    this.tolerant = tolerant;
    this.adapters = Map.copyOf(adapters);
  }

  static <T> T bind(JsonNode node, Class<T> type) {
    return type.cast(STRICT.value(node, type, ""));
  }

  /** Binds strictly, reading the classes {@code adapters} name through their wire records. */
  static <T> T bind(JsonNode node, Class<T> type, Map<Class<?>, Adapter<?, ?>> adapters) {
    return type.cast(new JsonBinder(false, adapters).value(node, type, ""));
  }

  /** Binds what can be bound; only a document of another kind than {@code type} fails. */
  static <T> T bindTolerantly(JsonNode node, Class<T> type) {
    return type.cast(TOLERANT.value(node, type, ""));
  }

  private Object value(JsonNode node, Type type, String field) {
    if (type instanceof ParameterizedType p) {
      Type raw = p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == List.class) {
        return list(node, args[0], field);
      }
      if (raw == Map.class && (args[0] == String.class || args[0] == Integer.class)) {
        return map(node, args[0] == Integer.class, args[1], field);
      }
      throw new IllegalArgumentException("a wire record cannot hold a " + type.getTypeName());
    }
    Class<?> c = (Class<?>) type;
    if (c == Object.class) {
      return plain(node);
    }
    if (node == null || node.isNull()) {
      throw wrong(field, c, node);
    }
    if (adapters.get(c) instanceof Adapter<?, ?> adapter) {
      return adapt(adapter, node, field);
    }
    if (c == String.class) {
      if (node.isString() || node.isNumber() || node.isBoolean()) {
        return node.asString();
      }
      throw wrong(field, c, node);
    }
    if (c == int.class || c == Integer.class) {
      return (int) whole(node, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    if (c == long.class || c == Long.class) {
      return whole(node, field, Long.MIN_VALUE, Long.MAX_VALUE);
    }
    if (c == double.class || c == Double.class) {
      if (node.isNumber() && Double.isFinite(node.doubleValue())) {
        return node.doubleValue();
      }
      throw wrong(field, c, node);
    }
    if (c == boolean.class || c == Boolean.class) {
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      throw wrong(field, c, node);
    }
    if (c.isRecord()) {
      return record(node, c, field);
    }
    throw new IllegalArgumentException("a wire record cannot hold a " + c.getName());
  }

  private <W, V> V adapt(Adapter<W, V> adapter, JsonNode node, String field) {
    W wire = adapter.wire().cast(value(node, adapter.wire(), field));
    try {
      return adapter.fromWire().apply(wire);
    } catch (IllegalArgumentException e) {
      throw new Json.ShapeFailure(field, e.getMessage());
    }
  }

  private Object record(JsonNode node, Class<?> type, String field) {
    if (!node.isObject()) {
      throw wrong(field, type, node);
    }
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent rc = components[i];
      types[i] = rc.getType();
      String name = field.isEmpty() ? rc.getName() : field + "." + rc.getName();
      JsonNode v = node.get(rc.getName());
      boolean optional = rc.isAnnotationPresent(Json.Optional.class);
      if (optional && rc.getType().isPrimitive()) {
        throw new IllegalArgumentException(
            type.getSimpleName() + "." + rc.getName() + " is optional, so it needs a boxed type");
      }
      if (v == null || v.isNull()) {
        if (!optional && !tolerant) {
          throw new Json.ShapeFailure(
              name, "field '" + name + "' is required (" + expected(rc.getGenericType()) + ")");
        }
        values[i] = absent(rc.getType());
      } else if (tolerant) {
        try {
          values[i] = value(v, rc.getGenericType(), name);
        } catch (Json.ShapeFailure e) {
          values[i] = absent(rc.getType());
        }
      } else {
        values[i] = value(v, rc.getGenericType(), name);
      }
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(values);
    } catch (InvocationTargetException e) {
      // The record's own checks refused the values: its message says why.
      Throwable cause = e.getCause();
      if (cause instanceof Json.ShapeFailure s) {
        throw s;
      }
      if (cause instanceof IllegalArgumentException iae) {
        throw new Json.ShapeFailure(field, iae.getMessage());
      }
      throw new IllegalStateException(cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getName(), e);
    }
  }

  private List<Object> list(JsonNode node, Type element, String field) {
    if (node == null || !node.isArray()) {
      throw wrong(field, "an array", node);
    }
    List<Object> list = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      try {
        list.add(value(node.get(i), element, field + "[" + i + "]"));
      } catch (Json.ShapeFailure e) {
        if (!tolerant) {
          throw e;
        }
      }
    }
    return List.copyOf(list);
  }

  private Map<Object, Object> map(JsonNode node, boolean wholeKeys, Type value, String field) {
    if (node == null || !node.isObject()) {
      throw wrong(field, "an object", node);
    }
    Map<Object, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      try {
        Object key = wholeKeys ? wholeKey(e.getKey(), field) : e.getKey();
        map.put(key, value(e.getValue(), value, field + "." + e.getKey()));
      } catch (Json.ShapeFailure failure) {
        if (!tolerant) {
          throw failure;
        }
      }
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /** A map key that must be a whole number (an int): {@code "7"}. */
  private static Integer wholeKey(String key, String field) {
    try {
      return Integer.valueOf(key);
    } catch (NumberFormatException e) {
      throw new Json.ShapeFailure(
          field, "field '" + field + "' is keyed by whole numbers, not '" + key + "'");
    }
  }

  private static long whole(JsonNode node, String field, long min, long max) {
    if (!node.isIntegralNumber()) {
      throw new Json.ShapeFailure(
          field, "field '" + field + "' must be a whole number, not " + Json.kind(node));
    }
    BigInteger v = node.bigIntegerValue();
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new Json.ShapeFailure(
          field,
          "field '"
              + field
              + "' must be a whole number from "
              + min
              + " to "
              + max
              + ", not "
              + Json.kind(node));
    }
    return v.longValue();
  }

  /** What an absent field is: null, or the primitive's zero. */
  private static Object absent(Class<?> type) {
    if (!type.isPrimitive()) {
      return null;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == double.class) {
      return 0.0;
    }
    if (type == long.class) {
      return 0L;
    }
    return 0;
  }

  /** Any JSON as plain Java: maps, lists, strings, longs (or big integers), doubles, booleans. */
  private static Object plain(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        map.put(e.getKey(), plain(e.getValue()));
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.values().forEach(v -> list.add(plain(v)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.asString();
  }

  private static Json.ShapeFailure wrong(String field, Class<?> type, JsonNode got) {
    return wrong(field, expected(type), got);
  }

  private static Json.ShapeFailure wrong(String field, String expected, JsonNode got) {
    if (field.isEmpty()) {
      String what = expected.startsWith("an ") ? "a JSON " + expected.substring(3) : expected;
      return new Json.ShapeFailure(field, "the body must be " + what + ", not " + Json.kind(got));
    }
    return new Json.ShapeFailure(
        field, "field '" + field + "' must be " + expected + ", not " + Json.kind(got));
  }

  /** What a type looks like in JSON, in words: "a string", "a whole number", "an object". */
  static String expected(Type type) {
    if (type instanceof ParameterizedType p) {
      return p.getRawType() == List.class ? "an array" : "an object";
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return "a string";
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      return "a whole number";
    }
    if (c == double.class || c == Double.class) {
      return "a number";
    }
    if (c == boolean.class || c == Boolean.class) {
      return "true or false";
    }
    return c == Object.class ? "a JSON value" : "an object";
  }
}
