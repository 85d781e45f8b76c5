package workshop.resilient.http;

import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import workshop.membership.MembershipMessage;
import workshop.membership.http.MembershipCalls;
import workshop.protocol.http.ProtocolBinding;
import workshop.protocol.http.ProtocolHost;
import workshop.resilient.CopyLog;
import workshop.resilient.EventLog;
import workshop.resilient.ReplicaConfig;
import workshop.resilient.ReplicaMessage;
import workshop.resilient.ReplicaNode;
import workshop.resilient.VersionClock;
import workshop.support.http.Advertised;
import workshop.support.http.FaultPolicy;
import workshop.support.http.HttpError;
import workshop.support.http.Observable;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebServer;
import workshop.support.json.Json;
import workshop.support.json.TaggedJson;

/**
 * A capstone replica as a real process: a {@link ReplicaNode} (the store, anti-entropy, and its
 * heartbeats to the registry) in the protocol runner, with the original's routes bound onto client
 * requests: {@code GET /}, {@code POST /data}, {@code GET /data/{key}}, {@code POST /replicate},
 * {@code GET /keys}, {@code GET /digest}, {@code /health} and {@code /stats}. Heartbeats go out as
 * the original's {@code POST /heartbeat} ({@link MembershipCalls}), so the node also joins the
 * original's registry; anti-entropy travels between replicas on the runner's own wire. Its own
 * routes: {@code GET /events} (the node's events with their reasons, which the dashboard shows) and
 * {@code POST /shutdown} (the registry's kill: the process halts as a crash would).
 *
 * <p>What only the cluster's members send it ({@code POST /replicate}, the runner's wire for
 * anti-entropy and raw requests) is {@link Routes.Guard#MEMBERS}: on a node listening beyond its
 * machine, a caller without the token is refused. The node sends its token to its {@code
 * --registry} and to the peers the registry vouches for (their heartbeats proved the token), and to
 * no other address. It tells the registry the address others reach it at ({@link Advertised}),
 * never {@code 0.0.0.0}.
 */
public final class ResilientNodeServer implements Observable, AutoCloseable {
  /** Replicas per key, as the registry places them. */
  static final int REPLICAS = ReplicaConfig.DEFAULTS.replicas();

  /** How many copies {@code GET /gossip-events} lists: the original's last 10. */
  static final int GOSSIP_EVENTS_SHOWN = 10;

  /** The error of a read while the node catches up after a start (503). */
  public static final String CATCHING_UP = "catching_up";

  /** The registry's name in the node's address book. */
  static final String REGISTRY = "registry";

  /** Messages between replicas, as tagged JSON. */
  public static final TaggedJson<ReplicaMessage> CODEC =
      TaggedJson.of(ReplicaMessage.class).build();

  private final String id;
  private final PrintStream log;
  private final InstantSource clock = InstantSource.system();

  /** The node's copy log as of its last input, for {@code GET /gossip-events}. */
  private volatile Copies copies = new Copies(List.of(), 0);

  private record Copies(List<CopyLog.Copy> recent, long total) {}

  private final TokenTrust tokens;
  private final ProtocolHost<ReplicaMessage> host;
  private final WebServer server;
  private final String address;

  /**
   * This node's events, for {@code GET /events} (the dashboard merges them with the registry's).
   */
  private final EventLog events = new EventLog(EventLog.DEFAULT_CAPACITY, InstantSource.system());

  private ResilientNodeServer(
      String id,
      String hostName,
      int port,
      String registry,
      Duration heartbeat,
      Duration antiEntropy,
      long seed,
      FaultPolicy faults,
      PrintStream log,
      String advertise,
      TokenTrust tokens) {
    this.id = id;
    this.log = log;
    this.tokens = tokens;
    if (advertise != null) {
      Advertised.parse(advertise, Math.max(port, 1)); // a mistake is said before anything starts
    }
    this.host =
        new ProtocolHost<>(
            new ProtocolHost.Settings(
                id,
                Map.of(REGISTRY, registry),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                null,
                id,
                seed),
            binding(id),
            faults,
            tokens,
            InstantSource.system(),
            log);
    Routes routes =
        host.addTo(new Routes())
            .guard("POST", "/replicate", Routes.Guard.MEMBERS)
            .guard("POST", "/gossip", Routes.Guard.MEMBERS)
            .guard("POST", ProtocolHost.MESSAGE_PATH, Routes.Guard.MEMBERS)
            .guard("POST", ProtocolHost.REQUEST_PATH, Routes.Guard.MEMBERS)
            .get("/events", this::events)
            .get("/gossip-events", this::gossipEvents)
            .destructive("POST", "/shutdown", this::shutdown);
    try {
      this.server =
          WebServer.builder(id)
              .host(hostName)
              .port(port)
              .routes(routes)
              .filter(host.pauseFilter())
              .observe(this)
              .faults(faults)
              .token(tokens.token())
              .start();
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
    this.address = Advertised.url(hostName, server.port(), advertise);
    ReplicaConfig config = new ReplicaConfig(REPLICAS, antiEntropy);
    host.start(
        (name, persisted) -> ReplicaNode.withRegistry(name, address, REGISTRY, heartbeat, config));
  }

  /**
   * Starts a replica that heartbeats to {@code registry} every {@code heartbeat} and runs an
   * anti-entropy round every {@code antiEntropy}, choosing peers with a random source seeded with
   * {@code seed}.
   */
  public static ResilientNodeServer start(
      String id,
      String host,
      int port,
      String registry,
      Duration heartbeat,
      Duration antiEntropy,
      long seed,
      PrintStream log) {
    return start(
        id,
        host,
        port,
        registry,
        heartbeat,
        antiEntropy,
        seed,
        log,
        null,
        TokenTrust.fromEnvironment());
  }

  /** As above, with a fault layer on its server and its calls ({@code ./workshop net}). */
  public static ResilientNodeServer start(
      String id,
      String host,
      int port,
      String registry,
      Duration heartbeat,
      Duration antiEntropy,
      long seed,
      FaultPolicy faults,
      PrintStream log) {
    return start(
        id,
        host,
        port,
        registry,
        heartbeat,
        antiEntropy,
        seed,
        faults,
        log,
        null,
        TokenTrust.fromEnvironment());
  }

  /**
   * Starts a replica as {@link #start(String, String, int, String, Duration, Duration, long,
   * PrintStream)} does, telling the registry it is reached at {@code advertise} ({@link
   * Advertised}: null chooses), with the token of {@code tokens}: demanded on its guarded routes
   * when it listens beyond loopback, and sent to {@code registry} and the peers it vouches for.
   *
   * @throws IllegalArgumentException when {@code advertise} is not a URL or HOST[:PORT]
   */
  public static ResilientNodeServer start(
      String id,
      String host,
      int port,
      String registry,
      Duration heartbeat,
      Duration antiEntropy,
      long seed,
      PrintStream log,
      String advertise,
      TokenTrust tokens) {
    return start(
        id,
        host,
        port,
        registry,
        heartbeat,
        antiEntropy,
        seed,
        FaultPolicy.NONE,
        log,
        advertise,
        tokens);
  }

  /** As above, with a fault layer on its server and its calls ({@code ./workshop net}). */
  public static ResilientNodeServer start(
      String id,
      String host,
      int port,
      String registry,
      Duration heartbeat,
      Duration antiEntropy,
      long seed,
      FaultPolicy faults,
      PrintStream log,
      String advertise,
      TokenTrust tokens) {
    return new ResilientNodeServer(
        id, host, port, registry, heartbeat, antiEntropy, seed, faults, log, advertise, tokens);
  }

  /** Where it listens. */
  public String url() {
    return server.url();
  }

  /** Where others reach it: what it tells the registry. */
  public String address() {
    return address;
  }

  public int port() {
    return server.port();
  }

  /** The node in the runner, for tests that pause it. */
  public ProtocolHost<ReplicaMessage> host() {
    return host;
  }

  /** Leaves the cluster cleanly: says goodbye to the registry, then stops. */
  public void leave() {
    try {
      host.ask(new ReplicaMessage.Membership(new MembershipMessage.Leave()));
    } catch (RuntimeException e) {
      log.println("[" + id + "] could not leave cleanly (" + e.getMessage() + ")");
    }
    close();
  }

  @Override
  public void close() {
    host.close();
    server.close();
  }

  // ---- the binding ----------------------------------------------------------------------------

  private ProtocolBinding<ReplicaMessage> binding(String id) {
    return ProtocolBinding.of(CODEC)
        .route("GET", "/", r -> new ReplicaMessage.ReadStatus(), this::running)
        .route("POST", "/data", this::write, this::stored)
        .route("GET", "/data/{key}", r -> new ReplicaMessage.Read(r.pathParam("key")), this::entry)
        .route("POST", "/replicate", this::replicate, ResilientNodeServer::accepted)
        .route("GET", "/keys", r -> new ReplicaMessage.ReadDigest(), this::keys)
        .route("GET", "/digest", r -> new ReplicaMessage.ReadDigest(), this::digest)
        .route("POST", "/gossip", this::gossip, ResilientNodeServer::gossiped)
        .outbound(
            (to, m) ->
                m instanceof ReplicaMessage.Membership w
                    ? mapped(MembershipCalls.of(id, w.message()))
                    : null)
        .addresses((node, name) -> ((ReplicaNode) node).addressOf(name))
        .afterInput(
            (node, effects) -> {
              ((ReplicaNode) node).provedAddresses().forEach(tokens::trust);
              effects.events().forEach(this::record);
              CopyLog log = ((ReplicaNode) node).copies();
              copies = new Copies(log.recent(), log.total());
            });
  }

  private static ProtocolBinding.Call<ReplicaMessage> mapped(
      ProtocolBinding.Call<MembershipMessage> call) {
    return call == null ? null : call.map(ReplicaMessage.Membership::new);
  }

  private void record(workshop.protocol.Effects.Event e) {
    synchronized (events) {
      events.record(e.toString());
    }
  }

  private ReplicaMessage write(Request request) {
    ResilientNodeWire.Write body = request.read(ResilientNodeWire.Write.class);
    String key = requiredText("key", body.key());
    String value = requiredText("value", body.value());
    long version = body.version() == null ? 0 : Math.max(0, body.version());
    checkNotAhead(version);
    return new ReplicaMessage.Write(key, value, version);
  }

  /** A version from outside may not be far ahead of this node's clock: it would pin the key. */
  private void checkNotAhead(long version) {
    VersionClock.refuse(version, clock.instant())
        .ifPresent(
            reason -> {
              throw HttpError.unprocessable(reason);
            });
  }

  private Response stored(ReplicaMessage reply) {
    ReplicaMessage.Stored s = (ReplicaMessage.Stored) reply;
    return Response.ok(new ResilientNodeWire.Stored("stored", id, s.key(), s.version(), s.value()));
  }

  private Response entry(ReplicaMessage reply) {
    return switch (reply) {
      case ReplicaMessage.Found f ->
          Response.ok(new ResilientNodeWire.Entry(id, f.key(), f.value(), f.version()));
      case ReplicaMessage.Missing m ->
          throw HttpError.notFound("Key '" + m.key() + "' not found on " + id);
      case ReplicaMessage.CatchingUp c ->
          throw new HttpError(
              503,
              CATCHING_UP,
              id
                  + " started with nothing and does not answer reads until it has its keys back"
                  + (c.waitingFor().isEmpty()
                      ? " (it has not heard from the registry yet, so it knows no peer)"
                      : " (waiting for " + String.join(", ", c.waitingFor()) + ")")
                  + "; ask another replica");
      default -> throw HttpError.unavailable("the node answered " + reply + " to a read");
    };
  }

  private ReplicaMessage replicate(Request request) {
    ResilientNodeWire.Replicate body = request.read(ResilientNodeWire.Replicate.class);
    String key = requiredText("key", body.key());
    String value = requiredText("value", body.value());
    Long version = body.version();
    if (version == null || version < 1) {
      throw HttpError.unprocessable("field 'version' must be a whole number of 1 or more");
    }
    checkNotAhead(version);
    return new ReplicaMessage.Replicate(key, value, version, body.source_node());
  }

  private static Response accepted(ReplicaMessage reply) {
    return switch (reply) {
      case ReplicaMessage.Accepted a ->
          Response.ok(new ResilientNodeWire.Accepted("accepted", a.version()));
      case ReplicaMessage.Rejected r ->
          Response.ok(
              new ResilientNodeWire.Rejected(
                  "rejected", "stale_version", r.currentVersion(), r.currentValue()));
      default -> throw HttpError.unavailable("the node answered " + reply + " to a replicate");
    };
  }

  private Response running(ReplicaMessage reply) {
    ReplicaMessage.Status s = (ReplicaMessage.Status) reply;
    return Response.ok(new ResilientNodeWire.Running(id, "running", s.dataCount()));
  }

  private Response keys(ReplicaMessage reply) {
    Map<String, Long> d = ((ReplicaMessage.Versions) reply).versions();
    return Response.ok(new ResilientNodeWire.Keys(id, List.copyOf(d.keySet()), d.size()));
  }

  private Response digest(ReplicaMessage reply) {
    return Response.ok(
        new ResilientNodeWire.Digest(id, ((ReplicaMessage.Versions) reply).versions()));
  }

  /**
   * {@code POST /gossip}: the original node's anti-entropy, one key per call (its nodes push every
   * key to a random peer every 3 s); kept if newer, and answered as the original answers.
   */
  private ReplicaMessage gossip(Request request) {
    ResilientNodeWire.Gossip body = request.read(ResilientNodeWire.Gossip.class);
    String key = requiredText("key", body.key());
    String value = requiredText("value", body.value());
    Long version = body.version();
    if (version == null || version < 1) {
      throw HttpError.unprocessable("field 'version' must be a whole number of 1 or more");
    }
    checkNotAhead(version);
    String from = body.source_node() == null ? "a peer" : body.source_node();
    return new ReplicaMessage.Replicate(key, value, version, from);
  }

  private static Response gossiped(ReplicaMessage reply) {
    return switch (reply) {
      case ReplicaMessage.Accepted a ->
          Response.ok(new ResilientNodeWire.Gossiped("accepted", a.version()));
      case ReplicaMessage.Rejected r ->
          Response.ok(
              r.currentVersion() == r.offered()
                  ? new ResilientNodeWire.Gossiped("already_synced", r.currentVersion())
                  : new ResilientNodeWire.HaveNewer("have_newer", r.currentVersion()));
      default -> throw HttpError.unavailable("the node answered " + reply + " to a gossip");
    };
  }

  /**
   * {@code GET /gossip-events}: the last copies anti-entropy made here, in the original's shape.
   */
  private Response gossipEvents(Request request) {
    Copies c = copies;
    List<ResilientNodeWire.GossipEvent> events = new java.util.ArrayList<>();
    int from = Math.max(0, c.recent().size() - GOSSIP_EVENTS_SHOWN);
    for (CopyLog.Copy copy : c.recent().subList(from, c.recent().size())) {
      events.add(
          new ResilientNodeWire.GossipEvent(
              java.math.BigDecimal.valueOf(copy.at().toEpochMilli(), 3),
              copy.key(),
              copy.from(),
              copy.to(),
              "accepted",
              copy.version()));
    }
    return Response.ok(new ResilientNodeWire.GossipEvents(id, events, c.total()));
  }

  private Response events(Request request) {
    synchronized (events) {
      return Response.ok(new ResilientNodeWire.NodeEvents(id, RegistryWire.events(events)));
    }
  }

  private Response shutdown(Request request) {
    log.println("[" + id + "] killed through the registry: stopping now, as a crash would");
    log.flush();
    Thread.ofPlatform()
        .start(
            () -> {
              try {
                Thread.sleep(20);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              // A crash, not a clean leave: no deregistration, so the cluster must cope.
              Runtime.getRuntime().halt(137);
            });
    return Response.ok(new ResilientNodeWire.ShuttingDown("shutting_down", id));
  }

  // ---- observability --------------------------------------------------------------------------

  private ReplicaMessage.Status status() {
    return (ReplicaMessage.Status) host.ask(new ReplicaMessage.ReadStatus());
  }

  @Override
  public Object health() {
    ReplicaMessage.Status s = status();
    return Json.map(
        "status",
        "healthy",
        "service",
        NodeSightings.SERVICE,
        "node_id",
        id,
        "port",
        server.port(),
        "peer_count",
        s.peers().size(),
        "data_count",
        s.dataCount(),
        "caught_up",
        s.caughtUp());
  }

  @Override
  public Map<String, Object> info() {
    return Json.map("role", "resilient-node", "id", id, "keys", status().dataCount());
  }

  @Override
  public Object stats() {
    ReplicaMessage.Status s = status();
    return Json.map(
        "node_id",
        id,
        "port",
        server.port(),
        "peer_count",
        s.peers().size(),
        "peers",
        s.peers(),
        "data_count",
        s.dataCount(),
        "keys",
        s.keys(),
        "replication_factor",
        REPLICAS,
        "anti_entropy_repairs",
        s.repairs(),
        "registry_reachable",
        s.registered(),
        "caught_up",
        s.caughtUp(),
        "runner",
        host.counters());
  }

  /** A required text field; a number or boolean was taken as its text by the reader. */
  private static String requiredText(String field, String text) {
    if (text == null) {
      throw HttpError.unprocessable("field '" + field + "' is required (a string)");
    }
    if (text.isBlank()) {
      throw HttpError.unprocessable("field '" + field + "' must not be blank");
    }
    if (field.equals("key") && text.length() > workshop.node.DataRules.MAX_KEY_LENGTH) {
      throw HttpError.unprocessable(
          "field 'key' is "
              + text.length()
              + " characters long; the limit is "
              + workshop.node.DataRules.MAX_KEY_LENGTH);
    }
    return text;
  }

  static String encode(String key) {
    return java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
