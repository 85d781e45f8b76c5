package workshop.gossip.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import workshop.gossip.GossipState;
import workshop.support.http.HttpError;
import workshop.support.json.Json;

/**
 * The gossip state on the wire, as the original sent it: {@code {"1": 3, "2": 0}} (id to version).
 * Values, when there are any, travel as {@code {"states": {...}, "values": {"1": "hello"}}}. Every
 * malformed body is refused with a reason before it can touch a node's state.
 */
public final class GossipWire {
  /** More ids than any workshop cluster has: a bigger map is a mistake or an attack. */
  public static final int MAX_ENTRIES = 10_000;

  /** Largest version accepted: the biggest integer JSON carries exactly. */
  public static final long MAX_VERSION = (1L << 53) - 1;

  /** Longest value accepted, as module 01's data rules. */
  public static final int MAX_VALUE_CHARS = 1024;

  private GossipWire() {}

  /**
   * A state as it travels between nodes of the runner: the original's two maps, id to version and
   * id to value.
   */
  public record State(Map<String, Long> states, Map<String, String> values) {}

  public static State toWire(GossipState state) {
    return new State(versions(state), values(state));
  }

  /**
   * Reads a state a peer sent, with the same limits as {@link #parse}.
   *
   * @throws IllegalArgumentException saying what was wrong
   */
  public static GossipState fromWire(State wire) {
    if (wire.states() == null) {
      throw new IllegalArgumentException("a state needs 'states', a map of node id to version");
    }
    try {
      return parse(
          wire.values() == null
              ? Map.of("states", wire.states())
              : Map.of("states", wire.states(), "values", wire.values()));
    } catch (HttpError e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** The body a node sends: the plain map when there are no values, else both maps. */
  public static Object body(GossipState state) {
    Map<String, Long> versions = versions(state);
    if (state.values().isEmpty()) {
      return versions;
    }
    return Map.of("states", versions, "values", values(state));
  }

  public static Map<String, Long> versions(GossipState state) {
    Map<String, Long> m = new LinkedHashMap<>();
    state.versions().forEach((id, v) -> m.put(Integer.toString(id), v));
    return m;
  }

  public static Map<String, String> values(GossipState state) {
    Map<String, String> m = new LinkedHashMap<>();
    state.values().forEach((id, v) -> m.put(Integer.toString(id), v));
    return m;
  }

  /**
   * A node's {@code GET /}: its state, and how it has gossiped. The original answered only {@code
   * node_id} and {@code states}; the rest is ours, so it is optional to a reader (the view reads
   * the original's nodes too).
   *
   * @param learned_at_ms when this node learned each entry's version (epoch milliseconds)
   */
  public record NodeState(
      int node_id,
      Map<String, Long> states,
      @Json.Optional Map<String, String> values,
      @Json.Optional Map<String, Long> learned_at_ms,
      @Json.Optional Long rounds,
      @Json.Optional Long interval_ms,
      @Json.Optional String mode,
      @Json.Optional List<String> suspected) {}

  /** The answer to {@code POST /update}. */
  public record Updated(String status, long new_version) {}

  /** The answer to {@code POST /gossip}: the receiver's state after the merge. */
  public record Merged(
      String status, Map<String, Long> current_state, Map<String, String> values) {}

  /**
   * What a node reads of a peer's answer before checking it like any state it is sent: the state
   * under {@code states} ({@code GET /}) or {@code current_state} ({@code POST /gossip}), and the
   * values. Kept as plain JSON values so that {@link #parse} refuses a bad one with its reason.
   */
  public record PeerAnswer(
      @Json.Optional Object states,
      @Json.Optional Object current_state,
      @Json.Optional Object values) {}

  /** {@code POST /update}: an optional value to spread with the new version. */
  public record Update(@Json.Optional Object value) {}

  /**
   * Reads a state sent by a peer, as plain JSON values ({@code request.read(Object.class)}): a map
   * of id to version, or {@code {"states": {...}, "values": {...}}}.
   *
   * @throws HttpError 422 with the reason when it is not a state map
   */
  public static GossipState parse(Object body) {
    if (!(body instanceof Map<?, ?> map)) {
      throw HttpError.unprocessable("the body must be a JSON object of node id to version");
    }
    Map<?, ?> states = map;
    Object values = null;
    if (map.containsKey("states")) {
      values = map.get("values");
      if (!(map.get("states") instanceof Map<?, ?> s)
          || (values != null && !(values instanceof Map))) {
        throw HttpError.unprocessable(
            "'states' and 'values' must be JSON objects keyed by node id");
      }
      states = s;
    }
    if (states.size() > MAX_ENTRIES) {
      throw HttpError.unprocessable(
          "the state has " + states.size() + " entries; the limit is " + MAX_ENTRIES);
    }
    Map<Integer, GossipState.Entry> entries = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : states.entrySet()) {
      int id = id((String) e.getKey());
      if (!(e.getValue() instanceof Long v) || v < 0 || v > MAX_VERSION) {
        throw HttpError.unprocessable(
            "the version of node "
                + e.getKey()
                + " must be a whole number from 0 to "
                + MAX_VERSION
                + ", got "
                + Json.text(e.getValue()));
      }
      entries.put(id, new GossipState.Entry(v, null));
    }
    if (values instanceof Map<?, ?> given) {
      for (Map.Entry<?, ?> e : given.entrySet()) {
        int id = id((String) e.getKey());
        GossipState.Entry entry = entries.get(id);
        if (entry == null) {
          throw HttpError.unprocessable("value for node " + id + " without a version in 'states'");
        }
        entries.put(id, new GossipState.Entry(entry.version(), value(e.getValue())));
      }
    }
    GossipState state = GossipState.empty();
    for (var e : entries.entrySet()) {
      state = state.with(e.getKey(), e.getValue());
    }
    return state;
  }

  /** A value for {@code POST /update}, or for a state's values map: a string, number or boolean. */
  public static String value(Object v) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
      throw HttpError.unprocessable(
          "a value must be a string, number or boolean, not " + Json.text(v));
    }
    String text = v.toString();
    if (text.length() > MAX_VALUE_CHARS) {
      throw HttpError.unprocessable(
          "the value is " + text.length() + " characters long; the limit is " + MAX_VALUE_CHARS);
    }
    return text;
  }

  private static int id(String key) {
    if (!key.matches("\\d{1,10}")) {
      throw HttpError.unprocessable("'" + key + "' is not a node id (a whole number 0 or more)");
    }
    long id = Long.parseLong(key);
    if (id > Integer.MAX_VALUE) {
      throw HttpError.unprocessable("node id " + key + " is too large");
    }
    return (int) id;
  }
}
