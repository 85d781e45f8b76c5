package workshop.resilient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import workshop.fault.FaultParser;
import workshop.protocol.NodeFactory;
import workshop.protocol.ProtocolNode;
import workshop.sim.Invariant;
import workshop.sim.ScenarioScript;
import workshop.sim.SimView;

/**
 * Anti-entropy in simulation transcripts: {@link ReplicaNode}s of a fixed set of members (no
 * registry: every node of the cluster is a member). Options: {@code interval=3s replicas=3}.
 * Requests: {@code write <key> <value> [version]} (without a version, one above the replica's own)
 * and {@code read <key>}.
 */
public final class AntiEntropyScenario implements ScenarioScript.Protocol<ReplicaMessage> {
  @Override
  public Set<String> options() {
    return Set.of("interval", "replicas");
  }

  @Override
  public NodeFactory<ReplicaMessage> factory(List<String> nodes, Map<String, String> o) {
    ReplicaConfig d = ReplicaConfig.DEFAULTS;
    ReplicaConfig config =
        new ReplicaConfig(
            Integer.parseInt(o.getOrDefault("replicas", Integer.toString(d.replicas()))),
            o.containsKey("interval")
                ? FaultParser.parseDuration(o.get("interval"))
                : d.antiEntropyEvery());
    return (name, persisted) -> ReplicaNode.withMembers(name, nodes, config);
  }

  @Override
  public List<Invariant<ReplicaMessage>> invariants() {
    return List.of(new VersionsOnlyGrow());
  }

  @Override
  public ReplicaMessage request(String words) {
    String[] w = words.trim().split("\\s+");
    return switch (w[0]) {
      case "write" -> {
        if (w.length < 3 || w.length > 4) {
          throw new IllegalArgumentException("write <key> <value> [version], not '" + words + "'");
        }
        yield new ReplicaMessage.Write(w[1], w[2], w.length == 4 ? Long.parseLong(w[3]) : 0);
      }
      case "read" -> {
        if (w.length != 2) {
          throw new IllegalArgumentException("read <key>, not '" + words + "'");
        }
        yield new ReplicaMessage.Read(w[1]);
      }
      default ->
          throw new IllegalArgumentException(
              "anti-entropy requests are 'write <key> <value> [version]' and 'read <key>', not '"
                  + words
                  + "'");
    };
  }

  @Override
  public String state(ProtocolNode<ReplicaMessage> node) {
    ReplicaNode r = (ReplicaNode) node;
    List<String> items = new ArrayList<>();
    r.digest().forEach((k, v) -> items.add(k + " v" + v + "=" + r.get(k).orElseThrow().value()));
    return "{" + String.join(", ", items) + "}";
  }

  /**
   * While a replica runs, its version of each key only grows: no message, however late or repeated,
   * takes it back. (A restart starts empty: nothing is persisted.)
   */
  static final class VersionsOnlyGrow implements Invariant<ReplicaMessage> {
    private final Map<String, ReplicaNode> instance = new HashMap<>();
    private final Map<String, Map<String, Long>> known = new HashMap<>();

    @Override
    public String name() {
      return "a running replica's versions only grow";
    }

    @Override
    public String violation(SimView<ReplicaMessage> world, String stepped) {
      for (String node : stepped == null ? world.nodes() : List.of(stepped)) {
        if (!(world.node(node) instanceof ReplicaNode now)) {
          continue;
        }
        Map<String, Long> before = instance.get(node) == now ? known.get(node) : null;
        Map<String, Long> after = now.digest();
        instance.put(node, now);
        known.put(node, after);
        if (before != null) {
          for (var e : before.entrySet()) {
            if (after.getOrDefault(e.getKey(), 0L) < e.getValue()) {
              return node
                  + " had "
                  + e.getKey()
                  + " v"
                  + e.getValue()
                  + ", now "
                  + after.get(e.getKey());
            }
          }
        }
      }
      return null;
    }
  }
}
