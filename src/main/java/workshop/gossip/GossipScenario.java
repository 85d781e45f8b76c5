package workshop.gossip;

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
 * Gossip in simulation transcripts: a full mesh of {@link GossipNode}s, each starting as the HTTP
 * nodes do (knowing itself at version 0), numbered by the digits of their names ({@code node-3} is
 * 3). Options: {@code interval=2s mode=push-pull fanout=1 suspect-after=3 retry-every=5}. Requests:
 * {@code update [value]} and {@code read}.
 */
public final class GossipScenario implements ScenarioScript.Protocol<GossipMessage> {
  @Override
  public Set<String> options() {
    return Set.of("interval", "mode", "fanout", "suspect-after", "retry-every");
  }

  @Override
  public NodeFactory<GossipMessage> factory(List<String> nodes, Map<String, String> o) {
    GossipConfig d = GossipConfig.DEFAULTS;
    GossipConfig config =
        new GossipConfig(
            Integer.parseInt(o.getOrDefault("fanout", Integer.toString(d.fanout()))),
            GossipMode.parse(o.getOrDefault("mode", d.mode().label())),
            Integer.parseInt(o.getOrDefault("suspect-after", Integer.toString(d.suspectAfter()))),
            Integer.parseInt(o.getOrDefault("retry-every", Integer.toString(d.retryEvery()))),
            o.containsKey("interval")
                ? FaultParser.parseDuration(o.get("interval"))
                : d.interval());
    return (name, persisted) -> {
      int id = number(name, nodes);
      PeerSet peers = PeerSet.of(nodes.stream().filter(n -> !n.equals(name)).toList());
      return new GossipNode(id, name, peers, config, GossipState.initial(id));
    };
  }

  /** The digits a name ends with ({@code node-12} is 12), else its position from 1. */
  static int number(String name, List<String> nodes) {
    int i = name.length();
    while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
      i--;
    }
    return i < name.length() && name.length() - i < 9
        ? Integer.parseInt(name.substring(i))
        : nodes.indexOf(name) + 1;
  }

  @Override
  public List<Invariant<GossipMessage>> invariants() {
    return List.of(new NeverForgets());
  }

  @Override
  public GossipMessage request(String words) {
    String[] w = words.trim().split("\\s+", 2);
    return switch (w[0]) {
      case "update" -> new GossipMessage.Update(w.length > 1 ? w[1] : null);
      case "read" -> new GossipMessage.Read();
      default ->
          throw new IllegalArgumentException(
              "gossip requests are 'update [value]' and 'read', not '" + words + "'");
    };
  }

  @Override
  public String state(ProtocolNode<GossipMessage> node) {
    GossipNode g = (GossipNode) node;
    List<String> suspects = g.suspectedPeers();
    return "{"
        + g.state()
        + "}"
        + (suspects.isEmpty() ? "" : "  suspects " + String.join(", ", suspects));
  }

  /**
   * While a node runs, what it knows only grows: no entry it holds ever goes back to an older
   * version. (A restart may forget: gossip persists nothing, and that is a lesson of its own.)
   */
  static final class NeverForgets implements Invariant<GossipMessage> {
    private final Map<String, GossipNode> instance = new HashMap<>();
    private final Map<String, GossipState> known = new HashMap<>();

    @Override
    public String name() {
      return "a running node never forgets what it learned";
    }

    @Override
    public String violation(SimView<GossipMessage> world, String stepped) {
      for (String node : stepped == null ? world.nodes() : List.of(stepped)) {
        String broken = check(node, (GossipNode) world.node(node));
        if (broken != null) {
          return broken;
        }
      }
      return null;
    }

    private String check(String node, GossipNode now) {
      if (now == null) {
        return null;
      }
      GossipState before = instance.get(node) == now ? known.get(node) : null;
      instance.put(node, now);
      known.put(node, now.state());
      if (before != null) {
        for (var e : before.entries().entrySet()) {
          if (now.state().version(e.getKey()) < e.getValue().version()) {
            return node
                + " knew "
                + e.getKey()
                + ":"
                + e.getValue().version()
                + ", now "
                + now.state().version(e.getKey());
          }
        }
      }
      return null;
    }
  }
}
