package workshop.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import workshop.fault.Fault;
import workshop.fault.FaultParser;
import workshop.protocol.NodeFactory;
import workshop.protocol.ProtocolNode;
import workshop.protocol.RequestId;

/**
 * The commands of a simulation transcript, for any protocol. {@code cluster nodes=4 seed=1
 * latency=10ms timeout=1s [protocol options]} sets it up; then {@code start [nodes]}, {@code run
 * 10s} (what nodes decide, with their reasons, and what clients get), {@code tick 2s} (also every
 * input and every dropped message), {@code request node-1 <words>}, any fault of the vocabulary
 * ({@code partition halves}, {@code crash node-2}, ...), {@code check} (every invariant), {@code
 * state [nodes]}, {@code nodes}, {@code faults} and {@code stats}. Output lines carry virtual time.
 *
 * @param <M> the protocol's message type
 */
public final class ScenarioScript<M> implements Transcript.Driver {
  /** What a protocol adds to the generic commands. */
  public interface Protocol<M> {
    /** The {@code key=value} options the cluster command takes for this protocol. */
    Set<String> options();

    /** Builds the nodes of a cluster with these protocol options. */
    NodeFactory<M> factory(List<String> nodes, Map<String, String> options);

    List<Invariant<M>> invariants();

    /** A client request from words such as {@code update hello}. */
    M request(String words);

    /** One node's state on one line. */
    String state(ProtocolNode<M> node);
  }

  private static final Set<String> OWN_OPTIONS = Set.of("nodes", "seed", "latency", "timeout");

  private final Protocol<M> protocol;
  private final List<String> out = new ArrayList<>();
  private Simulation<M> sim;
  private boolean stopped;

  public ScenarioScript(Protocol<M> protocol) {
    this.protocol = protocol;
  }

  @Override
  public String run(String command) {
    String[] words = command.trim().split("\\s+", 2);
    String verb = words[0];
    String rest = words.length > 1 ? words[1].trim() : "";
    out.clear();
    if (verb.equals("cluster")) {
      cluster(rest);
      return String.join("\n", out);
    }
    if (sim == null) {
      throw new IllegalArgumentException("set the cluster up first: cluster nodes=3 seed=1");
    }
    if (stopped) {
      throw new IllegalArgumentException("the run stopped at a violated invariant");
    }
    try {
      switch (verb) {
        case "start" -> start(rest);
        case "run" -> advance(rest, TraceLevel.EVENTS);
        case "tick" -> advance(rest, TraceLevel.ALL);
        case "request" -> request(rest);
        case "check" -> check();
        case "state" -> state(rest);
        case "nodes" -> nodes();
        case "faults" -> faults();
        case "stats" -> out.add(sim.stats().toString());
        default -> fault(verb, command);
      }
    } catch (InvariantViolation v) {
      stopped = true;
      out.add(v.getMessage());
    }
    return String.join("\n", out);
  }

  private void cluster(String rest) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String word : rest.isEmpty() ? new String[0] : rest.split("\\s+")) {
      int eq = word.indexOf('=');
      String key = eq < 0 ? word : word.substring(0, eq);
      if (eq < 0 || (!OWN_OPTIONS.contains(key) && !protocol.options().contains(key))) {
        throw new IllegalArgumentException(
            "'" + word + "' is not an option; cluster takes key=value with keys " + keys());
      }
      options.put(key, word.substring(eq + 1));
    }
    List<String> nodes = nodes(options.getOrDefault("nodes", "3"));
    Map<String, String> own = new LinkedHashMap<>(options);
    own.keySet().removeAll(OWN_OPTIONS);
    Duration timeout = FaultParser.parseDuration(options.getOrDefault("timeout", "1s"));
    String[] latency = options.getOrDefault("latency", "10ms").split("-", 2);
    Duration min = FaultParser.parseDuration(latency[0]);
    Duration max = latency.length > 1 ? FaultParser.parseDuration(latency[1]) : min;
    long seed = Long.parseLong(options.getOrDefault("seed", "1"));
    SimBuilder<M> b =
        Simulation.builder(nodes, protocol.factory(nodes, own))
            .seed(seed)
            .latency(min, max)
            .callTimeout(timeout)
            .trace(TraceLevel.EVENTS, out::add);
    protocol.invariants().forEach(b::invariant);
    sim = b.build();
    stopped = false;
    out.add("cluster of " + nodes.size() + ": " + String.join(", ", nodes));
    out.add(
        "seed "
            + seed
            + ", latency "
            + options.getOrDefault("latency", "10ms")
            + ", call timeout "
            + FaultParser.duration(timeout)
            + (own.isEmpty() ? "" : ", " + words(own)));
  }

  private static String words(Map<String, String> options) {
    List<String> words = new ArrayList<>();
    options.forEach((k, v) -> words.add(k + "=" + v));
    return String.join(" ", words);
  }

  private List<String> nodes(String spec) {
    if (spec.contains(",")) {
      return Arrays.asList(spec.split(","));
    }
    int n;
    try {
      n = Integer.parseInt(spec);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("nodes=" + spec + " is neither a count nor a list a,b,c");
    }
    if (n < 1 || n > 100) {
      throw new IllegalArgumentException("a transcript cluster has 1 to 100 nodes, got " + n);
    }
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      names.add("node-" + i);
    }
    return names;
  }

  private void start(String rest) {
    if (rest.isEmpty()) {
      sim.startAll();
    } else {
      for (String node : rest.split("\\s+")) {
        sim.start(node);
      }
    }
  }

  private void advance(String rest, TraceLevel level) {
    Duration d = FaultParser.parseDuration(rest.isEmpty() ? "missing" : rest);
    sim.traceLevel(level);
    try {
      sim.runFor(d);
    } finally {
      sim.traceLevel(TraceLevel.EVENTS);
    }
  }

  private void request(String rest) {
    String[] words = rest.split("\\s+", 2);
    if (words.length < 2) {
      throw new IllegalArgumentException(
          "request <node> <words>, such as: request node-1 update v");
    }
    M body = protocol.request(words[1]);
    int mark = out.size();
    RequestId id = sim.request(words[0], body);
    out.add(mark, SimTrace.time(sim.nowMillis()) + "  " + id + " -> " + words[0] + "  " + body);
    sim.runUntil(sim.nowMillis());
  }

  private void fault(String verb, String command) {
    if (!FaultParser.FORMS.containsKey(verb)) {
      throw new IllegalArgumentException(
          "'"
              + verb
              + "' is not a command; expected cluster, start, run, tick, request, check,"
              + " state, nodes, faults, stats, or a fault: "
              + String.join(", ", FaultParser.FORMS.keySet()));
    }
    Fault fault = FaultParser.parse(command);
    int mark = out.size();
    String done = sim.apply(fault);
    out.add(mark, SimTrace.time(sim.nowMillis()) + "  " + done);
  }

  private void check() {
    for (Invariant<M> inv : sim.invariants()) {
      String broken = inv.violation(sim, null);
      out.add(
          (broken == null ? "ok  " : "VIOLATED  ")
              + inv.name()
              + (broken == null ? "" : ": " + broken));
    }
    if (sim.invariants().isEmpty()) {
      out.add("(no invariants)");
    }
  }

  private void state(String rest) {
    List<String> which =
        rest.isEmpty() || rest.equals("all") ? sim.nodes() : List.of(rest.split("\\s+"));
    int width = which.stream().mapToInt(String::length).max().orElse(0);
    for (String node : which) {
      NodeStatus s = sim.status(node);
      String line = pad(node, width) + "  " + pad(s.label(), 6);
      out.add(
          s == NodeStatus.DOWN
              ? line.stripTrailing()
              : line + "  " + protocol.state(sim.node(node)));
    }
  }

  private void nodes() {
    int width = sim.nodes().stream().mapToInt(String::length).max().orElse(0);
    for (String node : sim.nodes()) {
      String skew = sim.clockSkew(node);
      out.add(
          pad(node, width)
              + "  "
              + pad(sim.status(node).label(), 6)
              + "  timers "
              + sim.pendingTimers(node)
              + (skew.isEmpty() ? "" : "  clock " + skew));
    }
  }

  private void faults() {
    List<Fault> in = sim.networkFaults();
    if (in.isEmpty()) {
      out.add("no network faults");
    }
    in.forEach(f -> out.add(f.text()));
  }

  private String keys() {
    List<String> all = new ArrayList<>(List.of("nodes", "seed", "latency", "timeout"));
    all.addAll(protocol.options().stream().sorted().toList());
    return String.join(", ", all);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
