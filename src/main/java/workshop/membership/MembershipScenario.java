package workshop.membership;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import workshop.fault.FaultParser;
import workshop.protocol.NodeFactory;
import workshop.protocol.ProtocolNode;
import workshop.sim.Invariant;
import workshop.sim.ScenarioScript;
import workshop.sim.SimView;

/**
 * Membership in simulation transcripts: a {@link RegistryNode} named {@code registry} and a {@link
 * MemberNode} for every other node, each reached at {@code http://<name>}. Options: {@code
 * heartbeat=2s timeout=5s sweep=1s} (the capstone's defaults). Requests: to the registry {@code
 * kill node-2}, {@code expect node-4} and {@code sweep}; to a member {@code leave}.
 */
public final class MembershipScenario implements ScenarioScript.Protocol<MembershipMessage> {
  /** The registry's name in a scenario's cluster. */
  public static final String REGISTRY = "registry";

  @Override
  public Set<String> options() {
    return Set.of("heartbeat", "timeout", "sweep");
  }

  @Override
  public NodeFactory<MembershipMessage> factory(List<String> nodes, Map<String, String> o) {
    MembershipConfig config = config(o);
    if (!nodes.contains(REGISTRY)) {
      throw new IllegalArgumentException(
          "a membership cluster needs a node named registry: nodes=registry,node-1,node-2");
    }
    return (name, persisted) ->
        name.equals(REGISTRY)
            ? new RegistryNode(name, config)
            : new MemberNode(name, REGISTRY, "http://" + name, config.heartbeatInterval(), () -> 0);
  }

  /** The config these options describe, the capstone's defaults for the rest. */
  public static MembershipConfig config(Map<String, String> o) {
    MembershipConfig d = MembershipConfig.DEFAULT;
    return new MembershipConfig(
        duration(o, "heartbeat", d.heartbeatInterval()),
        duration(o, "timeout", d.timeout()),
        duration(o, "sweep", d.sweepEvery()));
  }

  private static Duration duration(Map<String, String> o, String key, Duration otherwise) {
    return o.containsKey(key) ? FaultParser.parseDuration(o.get(key)) : otherwise;
  }

  @Override
  public List<Invariant<MembershipMessage>> invariants() {
    return List.of(new NeverAliveWhenSilent());
  }

  @Override
  public MembershipMessage request(String words) {
    String[] w = words.trim().split("\\s+");
    return switch (w[0]) {
      case "kill" -> new MembershipMessage.Kill(arg(w, words), "killed through the registry");
      case "expect" ->
          new MembershipMessage.Expect(arg(w, words), "http://" + arg(w, words), "scale-up");
      case "sweep" -> new MembershipMessage.Sweep();
      case "leave" -> new MembershipMessage.Leave();
      default ->
          throw new IllegalArgumentException(
              "membership requests are 'kill <node>', 'expect <node>', 'sweep' (to the registry)"
                  + " and 'leave' (to a member), not '"
                  + words
                  + "'");
    };
  }

  private static String arg(String[] w, String words) {
    if (w.length < 2) {
      throw new IllegalArgumentException("'" + words + "' needs a node, as in: kill node-2");
    }
    return w[1];
  }

  @Override
  public String state(ProtocolNode<MembershipMessage> node) {
    return switch (node) {
      case RegistryNode r ->
          r.members().isEmpty()
              ? "knows nobody"
              : r.members().stream()
                  .map(m -> m.id() + " " + m.status().wireName())
                  .collect(Collectors.joining(", "));
      case MemberNode m -> member(m);
      default -> node.toString();
    };
  }

  private static String member(MemberNode m) {
    if (m.left()) {
      return "left";
    }
    List<String> alive = new ArrayList<>();
    m.alive().forEach(p -> alive.add(p.id()));
    return (m.registered() ? "registered" : "not registered")
        + "; alive as last told: "
        + (alive.isEmpty() ? "none" : String.join(", ", alive));
  }

  /**
   * The failure detector's promise, checked after every step: every member the registry counts as
   * alive had been heard from within the timeout when the registry last swept (or since). It holds
   * through pauses of the registry itself, whose overdue sweep runs when it resumes.
   */
  static final class NeverAliveWhenSilent implements Invariant<MembershipMessage> {
    @Override
    public String name() {
      return "every member alive was heard within the timeout at the last sweep";
    }

    @Override
    public String violation(SimView<MembershipMessage> world, String stepped) {
      if (!(world.node(REGISTRY) instanceof RegistryNode registry)
          || registry.lastSweep() == null) {
        return null;
      }
      Instant oldest = registry.lastSweep().minus(registry.config().timeout());
      for (Member m : registry.members()) {
        if (m.status() == MemberStatus.ALIVE && m.lastHeard().isBefore(oldest)) {
          return m.id()
              + " is alive, but was last heard "
              + Duration.between(m.lastHeard(), registry.lastSweep()).toMillis()
              + " ms before the last sweep";
        }
      }
      return null;
    }
  }
}
