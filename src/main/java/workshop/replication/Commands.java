package workshop.replication;

/**
 * Client commands from words, as {@code redis-cli} takes them ({@code set k v}, {@code replicaof no
 * one}); any case. A mistake gets a sentence naming the expected form.
 */
public final class Commands {
  private Commands() {}

  public static ReplicationMessage parse(String words) {
    String[] w = words.trim().split("\\s+");
    String verb = w[0].toLowerCase(java.util.Locale.ROOT);
    return switch (verb) {
      case "set" -> {
        arity(w, 3, "set <key> <value>");
        yield new ReplicationMessage.Set(w[1], w[2]);
      }
      case "del" -> {
        arity(w, 2, "del <key>");
        yield new ReplicationMessage.Del(w[1]);
      }
      case "get" -> {
        arity(w, 2, "get <key>");
        yield new ReplicationMessage.Get(w[1]);
      }
      case "wait" -> {
        arity(w, 3, "wait <numreplicas> <timeout-ms>");
        yield new ReplicationMessage.Wait(number(w[1], "numreplicas"), number(w[2], "timeout"));
      }
      case "replicaof", "slaveof" -> {
        if (w.length == 3 && w[1].equalsIgnoreCase("no") && w[2].equalsIgnoreCase("one")) {
          yield new ReplicationMessage.ReplicaOf(null);
        }
        arity(w, 2, "replicaof <node> | replicaof no one");
        yield new ReplicationMessage.ReplicaOf(w[1]);
      }
      case "info", "role" -> new ReplicationMessage.ReadInfo();
      default ->
          throw new IllegalArgumentException(
              "'"
                  + w[0]
                  + "' is not a command here; expected set, del, get, wait, replicaof, info");
    };
  }

  private static void arity(String[] w, int n, String form) {
    if (w.length != n) {
      throw new IllegalArgumentException("wrong number of arguments for '" + w[0] + "': " + form);
    }
  }

  private static int number(String s, String what) {
    try {
      int n = Integer.parseInt(s);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number >= 0, got '" + s + "'");
    }
  }
}
