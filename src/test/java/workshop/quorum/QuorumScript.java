package workshop.quorum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import workshop.sim.Transcript;

/**
 * Transcript commands for the quorum core, with no network: {@code replicas n=3 w=2 r=2}, {@code
 * down node-3}, {@code up node-3}, {@code write <key> <value> [to node-1,node-2]}, {@code read
 * <key> [from node-3]} (which repairs the stale replicas it heard from), {@code put <node> <key>
 * <value> <version>} (a write straight to one replica) and {@code state}. A replica that is down
 * keeps its data, as a stopped process keeps its disk.
 */
public final class QuorumScript implements Transcript.Driver {
  private QuorumConfig config;
  private final Map<String, ReplicaStore> replicas = new LinkedHashMap<>();
  private final Set<String> down = new TreeSet<>();
  private final Map<String, Long> versions = new HashMap<>();

  @Override
  public String run(String command) {
    String[] w = command.trim().split("\\s+");
    if (!w[0].equals("replicas") && config == null) {
      throw new IllegalArgumentException("set the replicas up first: replicas n=3 w=2 r=2");
    }
    return switch (w[0]) {
      case "replicas" -> replicas(w);
      case "down", "up" -> upOrDown(w);
      case "write" -> write(w);
      case "put" -> put(w);
      case "read" -> read(w);
      case "state" -> state();
      default ->
          throw new IllegalArgumentException(
              "'"
                  + w[0]
                  + "' is not a command; expected replicas, down, up, write, put, read, state");
    };
  }

  private String replicas(String[] w) {
    Map<String, Integer> o = new HashMap<>(Map.of("n", 3, "w", 2, "r", 2));
    for (int i = 1; i < w.length; i++) {
      String[] kv = w[i].split("=", 2);
      if (kv.length != 2 || !o.containsKey(kv[0])) {
        throw new IllegalArgumentException("'" + w[i] + "' is not n=, w= or r=");
      }
      o.put(kv[0], Integer.parseInt(kv[1]));
    }
    config = new QuorumConfig(o.get("n"), o.get("w"), o.get("r"));
    replicas.clear();
    down.clear();
    versions.clear();
    for (int i = 1; i <= config.n(); i++) {
      replicas.put("node-" + i, new ReplicaStore());
    }
    return config
        + ": "
        + (config.readsSeeLatestWrite()
            ? "R + W > N, every read quorum overlaps every write quorum"
            : "R + W <= N, a read can miss the latest write")
        + "\nreads survive "
        + config.readFailuresTolerated()
        + " replica(s) down, writes "
        + config.writeFailuresTolerated();
  }

  private String upOrDown(String[] w) {
    String node = replica(w, 1);
    if (w[0].equals("down")) {
      down.add(node);
      return node + " is down (it keeps its data)";
    }
    down.remove(node);
    return node + " is up";
  }

  private String write(String[] w) {
    if (w.length < 3) {
      throw new IllegalArgumentException("write <key> <value> [to node-1,node-2]");
    }
    long version = versions.merge(w[1], 1L, Long::sum);
    Versioned value = new Versioned(w[2], version);
    List<QuorumWrite.Ack> acks = new ArrayList<>();
    for (String node : targets(w, 3, "to")) {
      if (down.contains(node)) {
        acks.add(QuorumWrite.Ack.failed(node, "down"));
      } else {
        ReplicaStore store = replicas.get(node);
        boolean kept = store.apply(w[1], value);
        Versioned held = store.get(w[1]).orElseThrow();
        acks.add(
            QuorumWrite.Ack.answer(
                node, value, kept, new QuorumWrite.Held(held.value(), held.version())));
      }
    }
    QuorumWrite.Result r = QuorumWrite.decide(config, value, acks);
    if (r.highestHeld() > 0) {
      // The coordinator learns the version to beat: its next write of the key goes above it.
      versions.merge(w[1], r.highestHeld(), Math::max);
      return r.reason() + "\nnext write of " + w[1] + " goes above v" + r.highestHeld();
    }
    return r.reason();
  }

  /** A write straight to one replica at a version of the writer's choosing (a curl PUT). */
  private String put(String[] w) {
    if (w.length != 5) {
      throw new IllegalArgumentException("put <node> <key> <value> <version>");
    }
    String node = replica(w, 1);
    Versioned value = new Versioned(w[3], Long.parseLong(w[4]));
    boolean kept = replicas.get(node).apply(w[2], value);
    return node + (kept ? " stored " : " kept its own, refused ") + w[2] + " v" + value.version();
  }

  private String read(String[] w) {
    if (w.length < 2) {
      throw new IllegalArgumentException("read <key> [from node-1,node-2]");
    }
    List<ReplicaReply> replies = new ArrayList<>();
    for (String node : targets(w, 2, "from")) {
      Optional<Versioned> v = replicas.get(node).get(w[1]);
      replies.add(
          down.contains(node)
              ? new ReplicaReply.Unreachable(node, "down")
              : v.<ReplicaReply>map(x -> new ReplicaReply.Found(node, x))
                  .orElse(new ReplicaReply.Missing(node)));
    }
    QuorumRead.Result r = QuorumRead.decide(config, replies);
    StringBuilder b = new StringBuilder(r.reason());
    r.latest()
        .filter(x -> r.ok())
        .ifPresent(
            latest -> {
              b.append("\nvalue ")
                  .append(latest.value())
                  .append(" (v")
                  .append(latest.version())
                  .append(')');
              for (String stale : r.stale()) {
                replicas.get(stale).apply(w[1], latest);
                b.append("\nread repair: ")
                    .append(stale)
                    .append(" now has v")
                    .append(latest.version());
              }
            });
    return b.toString();
  }

  private String state() {
    List<String> lines = new ArrayList<>();
    replicas.forEach(
        (node, store) -> {
          StringBuilder b =
              new StringBuilder(node).append(down.contains(node) ? "  down" : "  up  ");
          store
              .digest()
              .forEach(
                  (k, v) ->
                      b.append("  ")
                          .append(k)
                          .append('=')
                          .append(store.get(k).orElseThrow().value())
                          .append(" v")
                          .append(v));
          lines.add(b.toString().stripTrailing());
        });
    return String.join("\n", lines);
  }

  private List<String> targets(String[] w, int at, String word) {
    if (w.length <= at) {
      return new ArrayList<>(replicas.keySet());
    }
    if (w.length != at + 2 || !w[at].equals(word)) {
      throw new IllegalArgumentException("expected '" + word + " node-1,node-2' after the key");
    }
    List<String> nodes = new ArrayList<>();
    for (String n : w[at + 1].split(",")) {
      nodes.add(replica(new String[] {"", n}, 1));
    }
    return nodes;
  }

  private String replica(String[] w, int at) {
    if (w.length <= at || !replicas.containsKey(w[at])) {
      throw new IllegalArgumentException(
          "expected a replica, one of " + String.join(", ", replicas.keySet()));
    }
    return w[at];
  }
}
