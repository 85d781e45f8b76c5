package workshop.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import workshop.fault.FaultParser;
import workshop.protocol.NodeFactory;
import workshop.protocol.ProtocolNode;
import workshop.sim.Invariant;
import workshop.sim.ScenarioScript;

/**
 * Replication in simulation transcripts: the first node starts as the primary (or {@code
 * primary=kv-2}), the others as its replicas. Options: {@code backlog=N} (writes kept), {@code
 * fencing=on}, {@code min-replicas=N}, {@code min-replicas-timeout=1s}, {@code heartbeat=1s},
 * {@code link-timeout=5s}, {@code persist=off} (restarts lose the keys). Requests, as redis-cli
 * takes them: {@code set k v}, {@code del k}, {@code get k}, {@code wait 2 1000}, {@code replicaof
 * kv-1}, {@code replicaof no one}, {@code info}.
 */
public final class ReplicationScenario implements ScenarioScript.Protocol<ReplicationMessage> {
  @Override
  public Set<String> options() {
    return Set.of(
        "primary",
        "backlog",
        "fencing",
        "min-replicas",
        "min-replicas-timeout",
        "heartbeat",
        "link-timeout",
        "persist");
  }

  @Override
  public NodeFactory<ReplicationMessage> factory(List<String> nodes, Map<String, String> o) {
    ReplicationConfig d = ReplicationConfig.DEFAULTS;
    ReplicationConfig config =
        new ReplicationConfig(
            Integer.parseInt(o.getOrDefault("backlog", Integer.toString(d.backlog()))),
            d.maxBatch(),
            duration(o, "heartbeat", d.heartbeat()),
            duration(o, "link-timeout", d.linkTimeout()),
            onOff(o, "fencing", false),
            Integer.parseInt(o.getOrDefault("min-replicas", "0")),
            duration(o, "min-replicas-timeout", d.minReplicasTimeout()),
            onOff(o, "persist", true));
    String primary = o.getOrDefault("primary", nodes.get(0));
    if (!nodes.contains(primary)) {
      throw new IllegalArgumentException("primary=" + primary + " is not one of " + nodes);
    }
    return (name, persisted) ->
        new ReplicationNode(name, config, name.equals(primary) ? null : primary, persisted);
  }

  private static Duration duration(Map<String, String> o, String key, Duration otherwise) {
    return o.containsKey(key) ? FaultParser.parseDuration(o.get(key)) : otherwise;
  }

  private static boolean onOff(Map<String, String> o, String key, boolean otherwise) {
    String v = o.getOrDefault(key, otherwise ? "on" : "off");
    if (!v.equals("on") && !v.equals("off")) {
      throw new IllegalArgumentException(key + "=" + v + ": say on or off");
    }
    return v.equals("on");
  }

  @Override
  public List<Invariant<ReplicationMessage>> invariants() {
    return new HistoryLedger().invariants();
  }

  @Override
  public ReplicationMessage request(String words) {
    return Commands.parse(words);
  }

  @Override
  public String state(ProtocolNode<ReplicationMessage> node) {
    ReplicationNode n = (ReplicationNode) node;
    ReplicationInfo i = n.info(0);
    String where =
        "e" + i.epoch() + " " + Ids.brief(i.replid()) + " @" + i.offset() + " " + i.keys();
    if (!i.primary()) {
      return "replica of " + i.master() + "  " + where.replace(" " + i.keys(), " " + n.keys());
    }
    List<String> links = new ArrayList<>();
    // Time-free parts only: a transcript's state line must not depend on when it is asked.
    i.replicas().forEach(l -> links.add(l.name() + " " + l.state() + " acked " + l.acked()));
    return "primary  "
        + where.replace(" " + i.keys(), " " + n.keys())
        + (links.isEmpty() ? "" : "  replicas: " + String.join(", ", links));
  }
}
