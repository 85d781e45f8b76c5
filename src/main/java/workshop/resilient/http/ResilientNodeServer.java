package workshop.resilient.http;

import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import workshop.membership.http.MembershipWire;
import workshop.quorum.ReplicaStore;
import workshop.quorum.Versioned;
import workshop.resilient.EventLog;
import workshop.sharding.HashRing;
import workshop.support.http.CallFailure;
import workshop.support.http.HttpError;
import workshop.support.http.Observable;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * A capstone replica: a versioned key/value store (highest version wins) that heartbeats to the
 * registry and repairs itself by anti-entropy.
 *
 * <p>Every few seconds it compares its digest (key -> version) with one random peer's and, for each
 * key both are replicas of (by the cluster's one hash ring), pulls what it lacks and pushes what
 * the peer lacks. So a replica that was down or cut off while writes happened catches up by itself,
 * without any read touching those keys.
 */
public final class ResilientNodeServer implements Observable, AutoCloseable {
  /** Replicas per key, as the registry places them. */
  static final int REPLICAS = 3;

  private final String id;
  private final RegistryClient registry;
  private final PrintStream log;
  private final ReplicaStore store = new ReplicaStore();
  private final WebServer server;
  private final WebClient http;
  private final ScheduledExecutorService loops;
  private final SplittableRandom random = new SplittableRandom();

  /** The heartbeat's current problem, "" when none: each is logged once (see problem()). */
  private final AtomicReference<String> heartbeatProblem = new AtomicReference<>("");

  private final AtomicLong repairs = new AtomicLong();

  /**
   * This node's repairs, for {@code GET /events} (the dashboard merges them with the registry's).
   */
  private final EventLog events = new EventLog(EventLog.DEFAULT_CAPACITY, InstantSource.system());

  private volatile List<String> members = List.of();
  private volatile Map<String, String> addresses = Map.of();

  private ResilientNodeServer(
      String id,
      String host,
      int port,
      String registry,
      Duration heartbeat,
      Duration antiEntropy,
      PrintStream log) {
    this.id = id;
    this.registry = new RegistryClient(registry, id, Duration.ofSeconds(2));
    this.log = log;
    this.http = WebClient.builder().timeout(Duration.ofSeconds(2)).peerName(id).build();
    Routes routes =
        new Routes()
            .get("/", r -> Response.ok(new ResilientNodeWire.Running(id, "running", size())))
            .post("/data", this::write)
            .get("/data/{key}", this::read)
            .post("/replicate", this::replicate)
            .get(
                "/keys",
                r -> {
                  Map<String, Long> d = digest();
                  return Response.ok(
                      new ResilientNodeWire.Keys(id, List.copyOf(d.keySet()), d.size()));
                })
            .get("/digest", r -> Response.ok(new ResilientNodeWire.Digest(id, digest())))
            .get("/events", this::events)
            .destructive("POST", "/shutdown", this::shutdown);
    this.server = WebServer.builder(id).host(host).port(port).routes(routes).observe(this).start();
    this.loops =
        Executors.newScheduledThreadPool(
            2, r -> Thread.ofPlatform().daemon().name(id + "-loop").unstarted(r));
    loops.scheduleWithFixedDelay(this::heartbeat, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    loops.scheduleWithFixedDelay(
        this::antiEntropy, antiEntropy.toMillis(), antiEntropy.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static ResilientNodeServer start(
      String id,
      String host,
      int port,
      String registry,
      Duration heartbeat,
      Duration antiEntropy,
      PrintStream log) {
    return new ResilientNodeServer(id, host, port, registry, heartbeat, antiEntropy, log);
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  /** Leaves the cluster cleanly: tells the registry, then stops. */
  public void leave() {
    try {
      registry.deregister(id, Duration.ofSeconds(1));
      log.println("[" + id + "] left the cluster (deregistered)");
    } catch (CallFailure e) {
      log.println(
          "["
              + id
              + "] could not deregister ("
              + e.getMessage()
              + "); the registry will notice the silence");
    }
    close();
  }

  @Override
  public void close() {
    loops.shutdownNow();
    server.close();
    http.close();
    registry.close();
  }

  // ---- handlers -------------------------------------------------------------------------------

  private Response write(Request request) {
    ResilientNodeWire.Write body = request.read(ResilientNodeWire.Write.class);
    String key = requiredText("key", body.key());
    String value = requiredText("value", body.value());
    long version = body.version() == null ? 0 : body.version();
    Versioned stored;
    synchronized (store) {
      if (version < 1) {
        // A direct write without a version: one above what this replica has.
        version = store.get(key).map(v -> v.version() + 1).orElse(1L);
      }
      store.apply(key, new Versioned(value, version));
      stored = store.get(key).orElseThrow();
    }
    return Response.ok(
        new ResilientNodeWire.Stored("stored", id, key, stored.version(), stored.value()));
  }

  private Response read(Request request) {
    String key = request.pathParam("key");
    Optional<Versioned> v;
    synchronized (store) {
      v = store.get(key);
    }
    if (v.isEmpty()) {
      throw HttpError.notFound("Key '" + key + "' not found on " + id);
    }
    return Response.ok(new ResilientNodeWire.Entry(id, key, v.get().value(), v.get().version()));
  }

  private Response replicate(Request request) {
    ResilientNodeWire.Replicate body = request.read(ResilientNodeWire.Replicate.class);
    String key = requiredText("key", body.key());
    String value = requiredText("value", body.value());
    Long version = body.version();
    if (version == null || version < 1) {
      throw HttpError.unprocessable("field 'version' must be a whole number of 1 or more");
    }
    boolean accepted;
    long current;
    synchronized (store) {
      accepted = store.apply(key, new Versioned(value, version));
      current = store.get(key).orElseThrow().version();
    }
    return accepted
        ? Response.ok(new ResilientNodeWire.Accepted("accepted", current))
        : Response.ok(new ResilientNodeWire.Rejected("rejected", "stale_version", current));
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

  // ---- background loops -----------------------------------------------------------------------

  private void heartbeat() {
    try {
      RegistryClient.Answer<MembershipWire.HeartbeatAnswer> r =
          registry.heartbeat(new MembershipWire.Heartbeat(id, server.url(), server.port(), size()));
      List<MembershipWire.Peer> peers =
          !r.ok() ? null : r.value().members() != null ? r.value().members() : r.value().nodes();
      if (peers == null) {
        problem(r.failure() + " " + r.status(), heartbeatRefused(r));
        return;
      }
      Map<String, String> known = new LinkedHashMap<>();
      // The original's registry sends only the alive nodes; ours also the members holding data.
      for (MembershipWire.Peer m : peers) {
        known.put(m.node_id(), m.address());
      }
      addresses = known;
      members = List.copyOf(known.keySet());
      problem("", "registry reachable again; registered");
    } catch (CallFailure e) {
      problem(
          "unreachable", "heartbeat failed (" + e.getMessage() + "); retrying every beat, quietly");
    } catch (RuntimeException e) {
      problem("error", "heartbeat error: " + e.getMessage() + "; retrying every beat, quietly");
    }
  }

  /**
   * Logs a heartbeat problem once, when it starts (or changes), not on every beat: a registry port
   * held by another program would otherwise print its answer every 2 s. An empty {@code kind} means
   * all is well again, which is logged only after a problem.
   */
  private void problem(String kind, String line) {
    String before = heartbeatProblem.getAndSet(kind);
    if (!kind.equals(before)) {
      log.println("[" + id + "] " + line);
    }
  }

  /** One line: the registry's own refusal, or what answered instead of a registry. */
  private String heartbeatRefused(RegistryClient.Answer<?> r) {
    boolean registrysWords =
        r.failure() == RegistryClient.Failure.STATUS && !r.reason().equals(r.snippet());
    if (registrysWords) {
      return "the registry refused the heartbeat: "
          + r.status()
          + " "
          + r.reason()
          + "; retrying every beat, quietly";
    }
    return registry.url()
        + " is not a workshop registry: POST /heartbeat answered "
        + r.status()
        + " "
        + r.snippet()
        + ". Is another program on that port? Start the registry on another one (./workshop"
        + " registry --port 5050) and give the nodes --registry http://localhost:5050. Retrying"
        + " every beat, quietly.";
  }

  /** One anti-entropy round with one random peer. */
  void antiEntropy() {
    List<String> peers = new ArrayList<>(members);
    peers.remove(id);
    if (peers.isEmpty() || !members.contains(id)) {
      return;
    }
    String peer = peers.get(random.nextInt(peers.size()));
    String peerUrl = addresses.get(peer);
    HashRing ring = new HashRing(members, HashRing.DEFAULT_VIRTUAL_NODES);
    try {
      Map<String, Long> theirs =
          http.get(peerUrl + "/digest").read(ResilientNodeWire.Digest.class).versions();
      Map<String, Long> mine = digest();
      for (var e : theirs.entrySet()) {
        String key = e.getKey();
        long version = e.getValue();
        List<String> replicas = ring.preferenceList(key, REPLICAS);
        if (replicas.contains(id) && version > mine.getOrDefault(key, 0L)) {
          ResilientNodeWire.Entry v =
              http.get(peerUrl + "/data/" + encode(key)).read(ResilientNodeWire.Entry.class);
          boolean applied;
          synchronized (store) {
            applied = store.apply(key, new Versioned(v.value(), v.version()));
          }
          if (applied) {
            repaired(
                "anti-entropy: pulled "
                    + key
                    + " v"
                    + v.version()
                    + " from "
                    + peer
                    + " (missed while down or cut off)");
          }
        }
      }
      for (var e : mine.entrySet()) {
        String key = e.getKey();
        Long theirVersion = theirs.get(key);
        boolean behind = theirVersion == null || theirVersion < e.getValue();
        if (behind && ring.preferenceList(key, REPLICAS).contains(peer)) {
          Versioned v;
          synchronized (store) {
            v = store.get(key).orElseThrow();
          }
          http.postJson(
              peerUrl + "/replicate",
              new ResilientNodeWire.Replicate(key, v.value(), v.version(), id));
          repaired("anti-entropy: pushed " + key + " v" + v.version() + " to " + peer);
        }
      }
    } catch (CallFailure e) {
      // The peer is down or cut off; the next round picks another.
    } catch (RuntimeException e) {
      log.println("[" + id + "] anti-entropy with " + peer + " failed: " + e.getMessage());
    }
  }

  /** Counts a repair, logs it and keeps it for {@code GET /events}. */
  private void repaired(String line) {
    repairs.incrementAndGet();
    log.println("[" + id + "] " + line);
    synchronized (events) {
      events.record(line);
    }
  }

  private Response events(Request request) {
    synchronized (events) {
      return Response.ok(new ResilientNodeWire.NodeEvents(id, RegistryWire.events(events)));
    }
  }

  // ---- observability --------------------------------------------------------------------------

  @Override
  public Object health() {
    return Json.map(
        "status",
        "healthy",
        "node_id",
        id,
        "port",
        server.port(),
        "peer_count",
        Math.max(0, members.size() - 1),
        "data_count",
        size());
  }

  @Override
  public Object stats() {
    Map<String, Long> d = digest();
    return Json.map(
        "node_id",
        id,
        "port",
        server.port(),
        "peer_count",
        Math.max(0, members.size() - 1),
        "peers",
        members.stream().filter(m -> !m.equals(id)).toList(),
        "data_count",
        d.size(),
        "keys",
        d.keySet().stream().limit(10).toList(),
        "replication_factor",
        REPLICAS,
        "anti_entropy_repairs",
        repairs.get(),
        "registry_reachable",
        heartbeatProblem.get().isEmpty());
  }

  private Map<String, Long> digest() {
    synchronized (store) {
      return store.digest();
    }
  }

  private int size() {
    synchronized (store) {
      return store.size();
    }
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
