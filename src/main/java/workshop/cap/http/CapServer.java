package workshop.cap.http;

import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import workshop.cap.CapConfig;
import workshop.cap.CapMessage;
import workshop.cap.CapNode;
import workshop.cap.Item;
import workshop.protocol.http.ProtocolBinding;
import workshop.protocol.http.ProtocolServer;
import workshop.support.http.FaultPolicy;
import workshop.support.http.HttpError;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.json.Json;
import workshop.support.json.TaggedJson;

/**
 * A CAP replica as a real process: a {@link CapNode} in the protocol runner, with routes a student
 * can {@code curl}: {@code POST /data} {"key", "value"}, {@code GET /data/{key}}, {@code GET /lost}
 * (the writes last-writer-wins dropped), {@code GET /} (mode and keys), {@code /health} and {@code
 * /stats}. A cp replica that cannot reach a majority answers 503 with the count in {@code detail}.
 */
public final class CapServer {
  /** A peer call's timeout: 1 s, as every runner's; a cut-off peer is known within it. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);

  /** How long a client waits for the replica: longer than a cp round's own 2.5 s limit. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /**
   * @param name this replica's name ({@code cap-1}), as its peers and {@code net} know it
   * @param peers every other replica's name and "host:port"
   */
  public record Settings(
      String name, String host, int port, Map<String, String> peers, CapConfig config) {
    public Settings {
      peers = Map.copyOf(peers);
    }
  }

  static final TaggedJson<CapMessage> CODEC = TaggedJson.of(CapMessage.class).build();

  private CapServer() {}

  /** Binds, starts serving and starts the replica's anti-entropy rounds. */
  public static ProtocolServer<CapMessage> start(
      Settings s, long seed, FaultPolicy faults, InstantSource clock, PrintStream log) {
    return ProtocolServer.start(
        new ProtocolServer.Settings(
            s.name(),
            s.host(),
            s.port(),
            s.peers(),
            CALL_TIMEOUT,
            REQUEST_TIMEOUT,
            null,
            s.name(),
            seed),
        (name, persisted) -> new CapNode(name, s.config()),
        binding(s.name(), s.config()),
        faults,
        clock,
        log);
  }

  static ProtocolBinding<CapMessage> binding(String node, CapConfig config) {
    return ProtocolBinding.of(CODEC)
        .route("POST", "/data", CapServer::write, reply -> written(node, reply))
        .route(
            "GET",
            "/data/{key}",
            r -> new CapMessage.Get(r.pathParam("key")),
            reply -> read(node, reply))
        .route("GET", "/lost", r -> new CapMessage.ReadLost(), reply -> lost(node, config, reply))
        .route("GET", "/", r -> new CapMessage.ReadStatus(), reply -> status(node, reply))
        .stats(new CapMessage.ReadLost(), reply -> stats(config, reply))
        .role("cap-replica")
        .health("mode", config.mode().label())
        .health("replicas", config.replicas().size());
  }

  private static CapMessage write(Request request) {
    CapWire.Write w = request.read(CapWire.Write.class);
    return new CapMessage.Put(w.key(), w.value());
  }

  private static Response written(String node, CapMessage reply) {
    return switch (reply) {
      case CapMessage.Written w -> {
        Item i = w.item();
        yield Response.ok(
            new CapWire.Written(
                "stored",
                node,
                w.mode(),
                i.key(),
                i.value(),
                i.stamp().millis(),
                i.stamp().replica(),
                w.acks(),
                w.replicas()));
      }
      default -> refused(node, reply);
    };
  }

  private static Response read(String node, CapMessage reply) {
    return switch (reply) {
      case CapMessage.Value v -> {
        Item i = v.item();
        yield Response.ok(
            new CapWire.Read(
                node,
                v.mode(),
                v.key(),
                i != null,
                i == null ? null : i.value(),
                i == null ? null : i.stamp().millis(),
                i == null ? null : i.stamp().replica(),
                v.answered(),
                v.replicas()));
      }
      default -> refused(node, reply);
    };
  }

  private static Response refused(String node, CapMessage reply) {
    if (!(reply instanceof CapMessage.Unavailable u)) {
      throw HttpError.unavailable("the replica answered " + reply);
    }
    return Response.json(
        503,
        new CapWire.Refused(
            "unavailable",
            u.reason(),
            503,
            node,
            u.key(),
            u.reachable(),
            u.replicas(),
            u.majority()));
  }

  private static Response lost(String node, CapConfig config, CapMessage reply) {
    CapMessage.Lost l = (CapMessage.Lost) reply;
    List<CapWire.Lost> lines = l.writes().stream().map(CapWire.Lost::of).toList();
    return Response.ok(new CapWire.LostWrites(node, config.mode().label(), l.total(), lines));
  }

  private static Response status(String node, CapMessage reply) {
    CapMessage.Status s = (CapMessage.Status) reply;
    Map<String, CapWire.Version> keys = new LinkedHashMap<>();
    s.items().forEach((k, v) -> keys.put(k, CapWire.Version.of(v)));
    return Response.ok(new CapWire.Status(node, s.mode(), s.replicas(), s.majority(), keys));
  }

  private static Map<String, Object> stats(CapConfig config, CapMessage reply) {
    CapMessage.Lost l = (CapMessage.Lost) reply;
    return Json.map(
        "mode", config.mode().label(),
        "replicas", config.replicas().size(),
        "majority", config.majority(),
        "lost_writes", l.total());
  }
}
