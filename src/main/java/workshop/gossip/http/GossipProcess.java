package workshop.gossip.http;

import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import workshop.gossip.GossipConfig;
import workshop.gossip.GossipMessage;
import workshop.gossip.GossipNode;
import workshop.gossip.GossipState;
import workshop.gossip.PeerSet;
import workshop.protocol.http.ProtocolBinding;
import workshop.protocol.http.ProtocolServer;
import workshop.support.http.FaultPolicy;
import workshop.support.http.HttpError;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.json.Json;
import workshop.support.json.TaggedJson;

/**
 * Module 07's gossip node as a real process: a {@link GossipNode} in the protocol runner, plus the
 * original workshop's routes bound onto client requests, so the manual's {@code curl} lines, {@code
 * viz gossip} and the original's visualizer keep working: {@code GET /} ({@code node_id}, {@code
 * states}, ...), {@code POST /update} ({@code new_version}) and {@code POST /gossip} with a state
 * map ({@code current_state}). Nodes name each other by address ({@code 127.0.0.1:7002}), which is
 * what {@code --neighbors} lists.
 */
public final class GossipProcess {
  /** Per-call timeout: the original's 1 s. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);

  /**
   * @param name how this node names itself to its neighbours (its "host:port" for {@code
   *     gossip-node})
   * @param neighbors each neighbour's name and "host:port", in order
   */
  public record Settings(
      int id,
      String host,
      int port,
      String name,
      Map<String, String> neighbors,
      GossipConfig gossip) {
    public Settings {
      neighbors = Collections.unmodifiableMap(new LinkedHashMap<>(neighbors));
    }

    /** Neighbours named by their addresses, as {@code --neighbors} lists them. */
    public static Map<String, String> byAddress(List<String> addresses) {
      Map<String, String> m = new LinkedHashMap<>();
      addresses.forEach(a -> m.put(a, a));
      return m;
    }
  }

  /** Messages on the wire: tagged records, with states in the original's two maps. */
  public static final TaggedJson<GossipMessage> CODEC =
      TaggedJson.of(GossipMessage.class)
          .adapt(
              GossipState.class, GossipWire.State.class, GossipWire::toWire, GossipWire::fromWire)
          .build();

  private GossipProcess() {}

  /** Binds, starts serving and starts gossiping. */
  public static ProtocolServer<GossipMessage> start(
      Settings s, long seed, FaultPolicy faults, InstantSource clock, PrintStream log) {
    List<String> peers = List.copyOf(s.neighbors().keySet());
    return ProtocolServer.start(
        new ProtocolServer.Settings(
            s.name(),
            s.host(),
            s.port(),
            s.neighbors(),
            CALL_TIMEOUT,
            Duration.ofSeconds(5),
            null,
            "Node " + s.id(),
            seed),
        (name, persisted) ->
            new GossipNode(
                s.id(), name, PeerSet.of(peers), s.gossip(), GossipState.initial(s.id())),
        binding(s.id()),
        faults,
        clock,
        log);
  }

  static ProtocolBinding<GossipMessage> binding(int id) {
    return ProtocolBinding.of(CODEC)
        .route("GET", "/", r -> new GossipMessage.Read(), GossipProcess::root)
        .route("POST", "/update", GossipProcess::update, GossipProcess::updated)
        .route(
            "POST",
            "/gossip",
            r -> new GossipMessage.Merge(GossipWire.parse(r.read(Object.class))),
            GossipProcess::merged)
        .stats(new GossipMessage.Read(), GossipProcess::stats)
        .role("gossip-node")
        .health("node_id", id);
  }

  private static GossipMessage update(Request request) {
    String value = null;
    if (request.body().length > 0) {
      value = GossipWire.value(request.read(GossipWire.Update.class).value());
    }
    return new GossipMessage.Update(value);
  }

  private static Response updated(GossipMessage reply) {
    long version = ((GossipMessage.Updated) reply).version();
    return Response.ok(new GossipWire.Updated("updated", version));
  }

  private static Response merged(GossipMessage reply) {
    GossipState state = ((GossipMessage.Merged) reply).state();
    return Response.ok(
        new GossipWire.Merged("merged", GossipWire.versions(state), GossipWire.values(state)));
  }

  private static Response root(GossipMessage reply) {
    if (!(reply instanceof GossipMessage.Snapshot s)) {
      throw HttpError.unavailable("the node answered " + reply + " to a read");
    }
    Map<String, Long> learned = new LinkedHashMap<>();
    new java.util.TreeMap<>(s.learnedAtMillis()).forEach((k, v) -> learned.put(k.toString(), v));
    return Response.ok(
        new GossipWire.NodeState(
            s.nodeId(),
            GossipWire.versions(s.state()),
            GossipWire.values(s.state()),
            learned,
            s.rounds(),
            s.intervalMillis(),
            s.mode(),
            s.suspected()));
  }

  private static Map<String, Object> stats(GossipMessage reply) {
    GossipMessage.Snapshot s = (GossipMessage.Snapshot) reply;
    return Json.map(
        "node_id", s.nodeId(),
        "rounds", s.rounds(),
        "messages_sent", s.messagesSent(),
        "messages_received", s.messagesReceived(),
        "failed_calls", s.failedCalls(),
        "suspected", s.suspected(),
        "mode", s.mode(),
        "fanout", s.fanout(),
        "interval_ms", s.intervalMillis());
  }
}
