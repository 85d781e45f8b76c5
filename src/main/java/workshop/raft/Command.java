package workshop.raft;

import java.util.Set;

/**
 * One command of the key-value state machine, as it sits in the log: {@code put} a value, {@code
 * incr} a counter, {@code get} a key (a read goes through the log, see {@link RaftNode}), or {@code
 * noop} (a new leader's first entry). A write may carry a client session, {@code client} and its
 * request number {@code seq}: a retried write with the same pair is applied once (Raft §8).
 *
 * @param client the client's session name, or null for a write that is not retried safely
 * @param seq the client's request number, counting from 1; 0 when {@code client} is null
 */
public record Command(String op, String key, String value, String client, long seq) {
  static final Set<String> OPS = Set.of("put", "incr", "get", "noop");

  public Command {
    if (!OPS.contains(op)) {
      throw new IllegalArgumentException("op must be one of put, incr, get, noop, not " + op);
    }
    if (!op.equals("noop") && (key == null || key.isEmpty())) {
      throw new IllegalArgumentException(op + " needs a key");
    }
    if (op.equals("put") && value == null) {
      throw new IllegalArgumentException("put needs a value");
    }
    if ((client == null) != (seq == 0) || seq < 0) {
      throw new IllegalArgumentException(
          "a client session is a name and a request number from 1, got " + client + "#" + seq);
    }
  }

  public static Command noop() {
    return new Command("noop", null, null, null, 0);
  }

  public static Command put(String key, String value) {
    return new Command("put", key, value, null, 0);
  }

  public static Command incr(String key) {
    return new Command("incr", key, null, null, 0);
  }

  public static Command get(String key) {
    return new Command("get", key, null, null, 0);
  }

  /** The same command, as request {@code seq} of the client session {@code client}. */
  public Command from(String client, long seq) {
    return new Command(op, key, value, client, seq);
  }

  boolean writes() {
    return op.equals("put") || op.equals("incr");
  }

  @Override
  public String toString() {
    String text =
        switch (op) {
          case "put" -> "put " + key + "=" + value;
          case "noop" -> "noop";
          default -> op + " " + key;
        };
    return client == null ? text : text + " [" + client + "#" + seq + "]";
  }
}
