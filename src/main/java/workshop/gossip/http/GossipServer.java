package workshop.gossip.http;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import workshop.gossip.GossipConfig;
import workshop.gossip.GossipMessage;
import workshop.gossip.GossipNode;
import workshop.gossip.GossipState;
import workshop.gossip.PeerChange;
import workshop.gossip.PeerSet;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.Observable;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * Module 07's gossip node over HTTP: the thin shell around {@link GossipNode}. A scheduled thread
 * runs one round per interval and carries out the messages the core returns: a push is {@code POST
 * /gossip} with the state map (the original's call); a push-pull request is the same call, whose
 * answer ({@code current_state}) is merged back; a pull request is {@code GET /}. Every call's
 * outcome goes back to the core, which decides whom to suspect. The core is guarded by one lock.
 */
public final class GossipServer implements Observable, AutoCloseable {
  /** Per-call timeout: the original's 1 s. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);

  /**
   * @param neighbors "host:port" of each neighbour; the core knows them as 0, 1, 2, ...
   */
  public record Settings(
      int id,
      String host,
      int port,
      List<String> neighbors,
      GossipConfig gossip,
      Duration interval) {}

  /** The sender of a message that arrived over HTTP: not one of our numbered neighbours. */
  static final int FROM_HTTP = -1;

  private final Settings settings;
  private final GossipNode core;
  private final RandomGenerator random;
  private final PrintStream log;
  private final WebClient client;
  private final ScheduledExecutorService rounds;
  private final WebServer server;
  private long failedCalls;

  private GossipServer(Settings s, RandomGenerator random, FaultPolicy faults, PrintStream log) {
    this.settings = s;
    int[] peers = new int[s.neighbors().size()];
    for (int i = 0; i < peers.length; i++) {
      peers[i] = i;
    }
    this.core = new GossipNode(s.id(), PeerSet.of(peers), s.gossip(), GossipState.initial(s.id()));
    this.random = random;
    this.log = log;
    this.client =
        WebClient.builder()
            .timeout(CALL_TIMEOUT)
            .peerName("gossip-" + s.id())
            .faults(faults)
            .build();
    Routes routes =
        new Routes()
            .get("/", this::root)
            .post("/update", this::update)
            .post("/gossip", this::gossip);
    this.server =
        WebServer.builder("gossip-" + s.id())
            .host(s.host())
            .port(s.port())
            .routes(routes)
            .observe(this)
            .faults(faults)
            .start();
    this.rounds =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gossip-rounds");
              t.setDaemon(true);
              return t;
            });
    long ms = s.interval().toMillis();
    rounds.scheduleWithFixedDelay(this::round, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Binds, starts serving and starts gossiping.
   *
   * @param random picks peers; used only by the round thread
   */
  public static GossipServer start(
      Settings settings, RandomGenerator random, FaultPolicy faults, PrintStream log) {
    return new GossipServer(settings, random, faults, log);
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    rounds.shutdownNow();
    server.close();
    client.close();
  }

  // ---- handlers -------------------------------------------------------------------------------

  private Response root(Request request) {
    synchronized (core) {
      GossipState state = core.state();
      Map<String, Long> learned = new LinkedHashMap<>();
      for (int id : state.versions().keySet()) {
        Instant at = core.learnedAt(id);
        if (at != null) {
          learned.put(Integer.toString(id), at.toEpochMilli());
        }
      }
      return Response.ok(
          new GossipWire.NodeState(
              settings.id(),
              GossipWire.versions(state),
              GossipWire.values(state),
              learned,
              core.rounds(),
              settings.interval().toMillis(),
              settings.gossip().mode().label(),
              suspectedNames()));
    }
  }

  private Response update(Request request) {
    String value = null;
    if (request.body().length > 0) {
      value = GossipWire.value(request.read(GossipWire.Update.class).value());
    }
    long version;
    synchronized (core) {
      version = core.update(value, Instant.now());
      log.printf("[Node %d] Local update: version %d%n", settings.id(), version);
    }
    log.flush();
    return Response.ok(new GossipWire.Updated("updated", version));
  }

  private Response gossip(Request request) {
    GossipState incoming = GossipWire.parse(request.read(Object.class));
    GossipState now;
    synchronized (core) {
      // A push and a push-pull request look the same on the wire; the answer is the reply.
      deliver(new GossipMessage.PullRequest(FROM_HTTP, settings.id(), incoming));
      now = core.state();
    }
    return Response.ok(
        new GossipWire.Merged("merged", GossipWire.versions(now), GossipWire.values(now)));
  }

  // ---- rounds ---------------------------------------------------------------------------------

  /** One gossip round: ask the core whom to tell what, then make the calls outside the lock. */
  private void round() {
    try {
      List<GossipMessage> messages;
      synchronized (core) {
        messages = core.tick(Instant.now(), random);
      }
      for (GossipMessage m : messages) {
        send(m);
      }
    } catch (RuntimeException e) {
      // A bug must not stop the rounds; say it and carry on.
      log.println("[Node " + settings.id() + "] round failed: " + e);
    }
  }

  private void send(GossipMessage m) {
    String url = "http://" + settings.neighbors().get(m.to());
    Optional<PeerChange> change;
    try {
      GossipState answer =
          switch (m) {
            case GossipMessage.Push p -> {
              ClientResponse r = client.postJson(url + "/gossip", GossipWire.body(p.state()));
              if (!r.ok()) {
                throw notOk(r);
              }
              yield null;
            }
            case GossipMessage.PullRequest pr when pr.state().size() == 0 ->
                answer(client.get(url + "/"), "states");
            case GossipMessage.PullRequest pr ->
                answer(
                    client.postJson(url + "/gossip", GossipWire.body(pr.state())), "current_state");
            case GossipMessage.PullReply r -> null;
          };
      synchronized (core) {
        if (answer != null) {
          deliver(new GossipMessage.PullReply(m.to(), settings.id(), answer));
        }
        change = core.onDelivered(m.to(), Instant.now());
      }
    } catch (CallFailure | WrongAnswer e) {
      String reason = e instanceof CallFailure f ? f.kind().label() : e.getMessage();
      synchronized (core) {
        failedCalls++;
        change = core.onFailed(m.to(), reason, Instant.now());
      }
    }
    change.ifPresent(
        c -> {
          log.printf(
              "[Node %d] %s%n", settings.id(), c.describe(settings.neighbors().get(c.peer())));
          log.flush();
        });
  }

  private static GossipState answer(ClientResponse r, String field) {
    if (!r.ok()) {
      throw notOk(r);
    }
    try {
      GossipWire.PeerAnswer body = r.read(GossipWire.PeerAnswer.class);
      Object states = field.equals("states") ? body.states() : body.current_state();
      if (states == null) {
        throw new WrongAnswer("answer has no '" + field + "'");
      }
      return GossipWire.parse(
          body.values() == null
              ? Map.of("states", states)
              : Map.of("states", states, "values", body.values()));
    } catch (RuntimeException e) {
      throw new WrongAnswer("unreadable answer: " + e.getMessage());
    }
  }

  private static WrongAnswer notOk(ClientResponse r) {
    return new WrongAnswer("answered " + r.status());
  }

  /** Hands a message to the core and logs what it learned. Caller holds the lock. */
  private void deliver(GossipMessage message) {
    GossipState before = core.state();
    core.receive(message, Instant.now());
    if (core.state() != before) {
      log.printf("[Node %d] Updated state: {%s}%n", settings.id(), core.state());
      log.flush();
    }
  }

  private List<String> suspectedNames() {
    List<String> names = new ArrayList<>();
    for (int p : core.suspectedPeers()) {
      names.add(settings.neighbors().get(p));
    }
    return names;
  }

  // ---- observability --------------------------------------------------------------------------

  @Override
  public Object health() {
    return Json.map("status", "ok", "node_id", settings.id());
  }

  @Override
  public Object stats() {
    synchronized (core) {
      return Json.map(
          "node_id", settings.id(),
          "rounds", core.rounds(),
          "messages_sent", core.messagesSent(),
          "messages_received", core.messagesReceived(),
          "failed_calls", failedCalls,
          "suspected", suspectedNames(),
          "mode", settings.gossip().mode().label(),
          "fanout", settings.gossip().fanout(),
          "interval_ms", settings.interval().toMillis());
    }
  }

  /** A peer answered, but not with a state. */
  private static final class WrongAnswer extends RuntimeException {
    WrongAnswer(String message) {
      super(message);
    }
  }
}
