package workshop.raft;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import workshop.fault.FaultParser;
import workshop.protocol.NodeFactory;
import workshop.protocol.ProtocolNode;
import workshop.sim.Invariant;
import workshop.sim.ScenarioScript;

/**
 * Raft in simulation transcripts: every node is a {@link RaftNode} restarted from what it
 * persisted, and the four safety properties of {@link RaftSafety} are checked after every step.
 * Options: {@code election=150ms-300ms heartbeat=50ms batch=64}. Requests: {@code put <key>
 * <value>}, {@code incr <key>} and {@code get <key>}, each optionally followed by {@code
 * id=<client>#<n>}, the client session that makes a retry apply once.
 */
public final class RaftScenario implements ScenarioScript.Protocol<RaftMessage> {
  @Override
  public Set<String> options() {
    return Set.of("election", "heartbeat", "batch");
  }

  @Override
  public NodeFactory<RaftMessage> factory(List<String> nodes, Map<String, String> o) {
    String[] election = o.getOrDefault("election", "150ms-300ms").split("-", 2);
    Duration min = FaultParser.parseDuration(election[0]);
    RaftConfig config =
        new RaftConfig(
            nodes,
            min,
            election.length > 1 ? FaultParser.parseDuration(election[1]) : min,
            FaultParser.parseDuration(o.getOrDefault("heartbeat", "50ms")),
            Integer.parseInt(o.getOrDefault("batch", Integer.toString(RaftConfig.MAX_ENTRIES))));
    return (name, persisted) -> new RaftNode(name, config, (RaftDisk) persisted);
  }

  @Override
  public List<Invariant<RaftMessage>> invariants() {
    return RaftSafety.invariants();
  }

  @Override
  public RaftMessage request(String words) {
    return new RaftMessage.Submit(command(words));
  }

  /** A command from words: {@code put x 1}, {@code incr x id=alice#1}, {@code get x}. */
  public static Command command(String words) {
    String[] w = words.trim().split("\\s+");
    String client = null;
    long seq = 0;
    int n = w.length;
    if (n > 1 && w[n - 1].startsWith("id=")) {
      String[] id = w[n - 1].substring(3).split("#", 2);
      if (id.length != 2 || id[0].isEmpty()) {
        throw new IllegalArgumentException("a request id is id=<client>#<n>, not " + w[n - 1]);
      }
      client = id[0];
      seq = Long.parseLong(id[1]);
      n--;
    }
    Command c =
        switch (w[0]) {
          case "put" -> n == 3 ? Command.put(w[1], w[2]) : null;
          case "incr" -> n == 2 ? Command.incr(w[1]) : null;
          case "get" -> n == 2 ? Command.get(w[1]) : null;
          default -> null;
        };
    if (c == null) {
      throw new IllegalArgumentException(
          "raft requests are 'put <key> <value>', 'incr <key>' and 'get <key>', each with an"
              + " optional id=<client>#<n>; not '"
              + words
              + "'");
    }
    return client == null ? c : c.from(client, seq);
  }

  @Override
  public String state(ProtocolNode<RaftMessage> node) {
    return ((RaftNode) node).describe();
  }
}
