package workshop.resilient.http;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import workshop.membership.Member;
import workshop.membership.MemberStatus;
import workshop.membership.Membership;
import workshop.membership.MembershipConfig;
import workshop.membership.MembershipEvent;
import workshop.quorum.QuorumConfig;
import workshop.quorum.QuorumRead;
import workshop.quorum.QuorumWrite;
import workshop.quorum.Versioned;
import workshop.resilient.EventLog;
import workshop.resilient.Graduation;
import workshop.resilient.VersionClock;
import workshop.sharding.HashRing;
import workshop.support.http.HttpError;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;
import workshop.support.proc.Supervisor;

/**
 * The capstone's registry, membership part: nodes heartbeat here, the registry declares silent ones
 * dead after the timeout, and {@code /nodes} and {@code /cluster-status} say who is alive. Wire
 * shapes are the original's. Every membership change is logged as one line with its reason.
 */
public final class RegistryServer implements AutoCloseable {
  /** Ids look like the manual's {@code node-1}; anything else is refused with a reason. */
  static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  /** The manual's sample keys: {@code GET /ring} says where each lives unless asked for another. */
  public static final List<String> SAMPLE_KEYS =
      List.of("user:alice", "user:bob", "config:db", "session:xyz", "cache:home");

  private final Membership membership;
  private final Graduation graduation = new Graduation();
  private final VersionClock versions = new VersionClock();
  private final QuorumConfig quorum;
  private final QuorumCoordinator coordinator = new QuorumCoordinator(Duration.ofSeconds(2));
  private final WebClient admin =
      WebClient.builder().timeout(Duration.ofSeconds(2)).peerName("registry").build();
  private final ScaleUp scaleUp;
  private final java.util.Set<String> scaledUp = new java.util.HashSet<>();

  private final NodeProcesses processes;

  /** Whether the cluster holds any data yet; before that a newcomer has nothing to receive. */
  private boolean dataSeen;

  /** New members receiving their keys: they get writes but hold no replica role yet. */
  private final java.util.Set<String> joining = new java.util.HashSet<>();

  private final InstantSource clock;
  private final PrintStream log;
  private final EventLog events;
  private final ScheduledExecutorService sweeper;
  private final WebServer server;

  /** How {@code POST /scale-up} starts nodes; null disables it. */
  public record ScaleUp(Supervisor supervisor, int firstPort, int lastPort, int maxNodes) {}

  private RegistryServer(
      String host,
      int port,
      MembershipConfig config,
      QuorumConfig quorum,
      ScaleUp scaleUp,
      InstantSource clock,
      PrintStream log) {
    this.membership = new Membership(config);
    this.quorum = quorum;
    this.scaleUp = scaleUp;
    this.processes = new NodeProcesses(admin, scaleUp == null ? null : scaleUp.supervisor());
    this.clock = clock;
    this.log = log;
    this.events = new EventLog(EventLog.DEFAULT_CAPACITY, clock);
    Routes routes =
        new Routes()
            .get("/", this::root)
            .post("/heartbeat", this::heartbeat)
            .post("/deregister", this::deregister)
            .get("/nodes", this::nodes)
            .get("/cluster-status", this::clusterStatus)
            .get("/graduate", this::graduate)
            .post("/data", this::write)
            .get("/data/{key}", this::read)
            .destructive("POST", "/kill/{id}", this::kill)
            .destructive("POST", "/restart/{id}", this::restart)
            .destructive("POST", "/scale-up", this::scaleUp)
            .get("/events", this::events)
            .get("/ring", this::ring);
    this.server =
        WebServer.builder("registry")
            .host(host)
            .port(port)
            .routes(routes)
            .observe(
                new workshop.support.http.Observable() {
                  @Override
                  public Object health() {
                    return Json.map("status", "ok", "service", "registry");
                  }

                  @Override
                  public Object stats() {
                    return clusterStatusBody();
                  }
                })
            .start();
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("registry-sweep").unstarted(r));
    sweeper.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
  }

  /** Starts a registry; {@code port} 0 picks a free one. */
  public static RegistryServer start(
      String host,
      int port,
      MembershipConfig config,
      QuorumConfig quorum,
      ScaleUp scaleUp,
      InstantSource clock,
      PrintStream log) {
    return new RegistryServer(host, port, config, quorum, scaleUp, clock, log);
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  /** Declares silent nodes dead; runs every second, and tests may call it directly. */
  public synchronized void sweep() {
    for (MembershipEvent e : membership.sweep(clock.instant())) {
      event(e.line());
    }
  }

  /** Logs a line a watcher should see and keeps it for {@code GET /events}. */
  private synchronized void event(String line) {
    log.println("[registry] " + line);
    events.record(line);
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    server.close();
    coordinator.close();
    admin.close();
  }

  // ---- handlers -------------------------------------------------------------------------------

  private synchronized Response root(Request request) {
    List<Member> all = membership.all();
    long alive = all.stream().filter(this::serving).count();
    return Response.ok(
        Json.map(
            "service",
            "Cluster Registry",
            "total_nodes",
            all.size(),
            "alive_nodes",
            alive,
            "dead_nodes",
            all.size() - alive));
  }

  private synchronized Response heartbeat(Request request) {
    JsonNode body = request.jsonObject();
    String id = nodeId(body);
    String address = address(body);
    membership
        .heartbeat(id, address, clock.instant())
        .ifPresent(
            e -> {
              event(e.line() + " at " + address);
              if (e.from() == MemberStatus.DEAD) {
                graduation.record(
                    Graduation.Milestone.NODE_CAME_BACK,
                    id + " came back; anti-entropy repairs what it missed");
              }
              boolean brandNew = e.from() == null || e.from() == MemberStatus.STARTING;
              boolean empty = body.path("data_count").asInt(0) == 0;
              dataSeen |= !empty;
              boolean others = ringMembers().stream().anyMatch(m -> !m.id().equals(id));
              // A node that already holds data (say, after a registry restart) rejoins at once.
              if (brandNew && empty && others && dataSeen) {
                // Not a replica until it holds the keys it will own: otherwise a key acknowledged
                // on two old replicas could be read from this empty node and one downed replica.
                joining.add(id);
                Thread.ofVirtual().start(() -> handOff(id));
              }
            });
    List<Object> peers = new ArrayList<>();
    for (Member m : membership.alive()) {
      peers.add(Json.map("node_id", m.id(), "address", m.address(), "port", port(m.address())));
    }
    List<Object> ring = new ArrayList<>();
    for (Member m : ringMembers()) {
      ring.add(Json.map("node_id", m.id(), "address", m.address(), "port", port(m.address())));
    }
    return Response.ok(Json.map("status", "ok", "nodes", peers, "members", ring));
  }

  private synchronized Response deregister(Request request) {
    String id = nodeId(request.jsonObject());
    if (membership.get(id).isEmpty()) {
      throw HttpError.notFound("Node '" + id + "' not found");
    }
    membership
        .leave(id, clock.instant(), "deregistered itself (clean shutdown)")
        .ifPresent(e -> event(e.line()));
    return Response.ok(Json.map("status", "ok"));
  }

  private synchronized Response nodes(Request request) {
    Instant now = clock.instant();
    List<Object> nodes = new ArrayList<>();
    for (Member m : membership.all()) {
      nodes.add(
          Json.map(
              "node_id", m.id(),
              "address", m.address(),
              "port", port(m.address()),
              "status", status(m),
              "last_seen", secondsSince(m.lastHeard(), now),
              "reason", m.reason()));
    }
    return Response.ok(Json.map("nodes", nodes));
  }

  private synchronized Response clusterStatus(Request request) {
    return Response.ok(clusterStatusBody());
  }

  private synchronized Map<String, Object> clusterStatusBody() {
    Instant now = clock.instant();
    List<Object> nodes = new ArrayList<>();
    long alive = 0;
    for (Member m : membership.all()) {
      if (serving(m)) {
        alive++;
      }
      nodes.add(
          Json.map(
              "node_id", m.id(),
              "address", m.address(),
              "status", status(m),
              "last_seen_seconds_ago", secondsSince(m.lastHeard(), now),
              "reason", m.reason()));
    }
    int total = membership.all().size();
    return Json.map(
        "timestamp",
        now.toString(),
        "total_nodes",
        total,
        "alive_count",
        alive,
        "dead_count",
        total - alive,
        "nodes",
        nodes,
        "health",
        Membership.Health.of((int) alive).wireName());
  }

  private synchronized Response graduate(Request request) {
    return Response.text(200, graduation.render());
  }

  private synchronized Response events(Request request) {
    return Response.ok(Json.map("events", eventsJson(events)));
  }

  /** The events as {@code GET /events} answers them, newest last, with their age now. */
  static List<Object> eventsJson(EventLog log) {
    Instant now = log.now();
    List<Object> list = new ArrayList<>();
    for (EventLog.Event e : log.recent()) {
      list.add(
          Json.map(
              "at", e.at().toString(),
              "seconds_ago", secondsSince(e.at(), now),
              "line", e.line()));
    }
    return list;
  }

  /**
   * The ring as the registry places keys on it: each member's share and positions (fractions of the
   * ring), and the replicas of the sample keys, or of {@code ?key=K}, in preference order.
   */
  private synchronized Response ring(Request request) {
    String asked = request.query().get("key");
    if (asked != null) {
      workshop.node.DataRules.checkKey(asked)
          .ifPresent(
              reason -> {
                throw HttpError.unprocessable(
                    reason.replace("field 'key'", "query parameter 'key'"));
              });
    }
    List<Member> members = ringMembers();
    List<Object> nodes = new ArrayList<>();
    List<Object> keys = new ArrayList<>();
    if (!members.isEmpty()) {
      HashRing ring = ring(members);
      Map<String, Double> shares = ring.shares();
      Map<String, List<Double>> positions = new java.util.LinkedHashMap<>();
      ring.positions()
          .forEach(
              (at, id) ->
                  positions
                      .computeIfAbsent(id, k -> new ArrayList<>())
                      .add(Math.round(HashRing.fraction(at) * 1e6) / 1e6));
      for (Member m : members) {
        nodes.add(
            Json.map(
                "node_id",
                m.id(),
                "status",
                status(m),
                "share",
                Math.round(shares.get(m.id()) * 1e4) / 1e4,
                "positions",
                positions.get(m.id())));
      }
      for (String key : asked == null ? SAMPLE_KEYS : List.of(asked)) {
        keys.add(Json.map("key", key, "replicas", place(key).ids()));
      }
    }
    return Response.ok(
        Json.map(
            "virtual_nodes",
            HashRing.DEFAULT_VIRTUAL_NODES,
            "replicas",
            quorum.n(),
            "w",
            quorum.w(),
            "r",
            quorum.r(),
            "nodes",
            nodes,
            "joining",
            List.copyOf(new java.util.TreeSet<>(joining)),
            "keys",
            keys));
  }

  /** Alive and part of the ring (not still receiving its keys). */
  private boolean serving(Member m) {
    return m.status() == MemberStatus.ALIVE && !joining.contains(m.id());
  }

  /** The wire status: the membership status, or "joining" during a hand-off. */
  private String status(Member m) {
    return joining.contains(m.id()) ? "joining" : m.status().wireName();
  }

  // ---- the data path ----------------------------------------------------------------------------

  /**
   * Members that hold data: alive or dead (a dead one may come back), not starting, joining or
   * gone.
   */
  private List<Member> ringMembers() {
    return membership.all().stream()
        .filter(m -> m.status() == MemberStatus.ALIVE || m.status() == MemberStatus.DEAD)
        .filter(m -> !joining.contains(m.id()))
        .sorted(java.util.Comparator.comparing(Member::id))
        .toList();
  }

  /** The one ring every placement uses: the ring members by id, 100 virtual nodes each. */
  private static HashRing ring(List<Member> members) {
    return new HashRing(members.stream().map(Member::id).toList(), HashRing.DEFAULT_VIRTUAL_NODES);
  }

  /** The key's replicas on the one ring every component uses, with the config that fits them. */
  private synchronized Placement place(String key) {
    List<Member> members = ringMembers();
    if (members.isEmpty()) {
      throw HttpError.unavailable("No nodes available: start one with ./workshop resilient-node");
    }
    List<String> ids = ring(members).preferenceList(key, quorum.n());
    List<QuorumCoordinator.Replica> replicas = new ArrayList<>();
    List<String> dead = new ArrayList<>();
    for (String id : ids) {
      Member m = membership.get(id).orElseThrow();
      replicas.add(new QuorumCoordinator.Replica(id, m.address()));
      if (m.status() != MemberStatus.ALIVE) {
        dead.add(id);
      }
    }
    int n = replicas.size();
    QuorumConfig config = new QuorumConfig(n, Math.min(quorum.w(), n), Math.min(quorum.r(), n));
    List<QuorumCoordinator.Replica> pending = new ArrayList<>();
    if (!joining.isEmpty()) {
      List<String> withJoiners = new ArrayList<>(members.stream().map(Member::id).toList());
      withJoiners.addAll(joining);
      HashRing future = new HashRing(withJoiners, HashRing.DEFAULT_VIRTUAL_NODES);
      for (String id : future.preferenceList(key, quorum.n())) {
        if (joining.contains(id)) {
          pending.add(
              new QuorumCoordinator.Replica(id, membership.get(id).orElseThrow().address()));
        }
      }
    }
    return new Placement(replicas, config, dead, pending);
  }

  /**
   * Where a key lives: its replicas (which count toward W and R), and joining members that will
   * become replicas and so receive its writes already.
   */
  private record Placement(
      List<QuorumCoordinator.Replica> replicas,
      QuorumConfig config,
      List<String> dead,
      List<QuorumCoordinator.Replica> pending) {
    List<String> ids() {
      return replicas.stream().map(QuorumCoordinator.Replica::id).toList();
    }
  }

  private Response write(Request request) {
    JsonNode body = request.jsonObject();
    String key = text(body, "key");
    String value = text(body, "value");
    Placement p = place(key);
    long version;
    synchronized (this) {
      version = versions.next(clock.instant());
    }
    QuorumWrite.Result r =
        coordinator.write(
            p.config(), key, new Versioned(value, version), p.replicas(), p.pending());
    if (r.failed().isEmpty()) {
      log.println("[registry] write " + key + " v" + version + ": " + r.reason());
    } else {
      // A write that failed, or succeeded without a replica: worth a watcher's attention.
      event(
          quorumLine(
              "write " + key,
              r.ok(),
              r.reason(),
              r.failed().stream().map(a -> a.replica() + " (" + a.reason() + ")").toList()));
    }
    if (!r.acked().isEmpty()) {
      synchronized (this) {
        dataSeen = true;
      }
    }
    if (!r.ok()) {
      List<Object> failures = new ArrayList<>();
      for (QuorumWrite.Ack a : r.failed()) {
        failures.add(Json.map("node_id", a.replica(), "error", a.reason()));
      }
      return Response.json(
          503,
          Json.map(
              "error",
              "quorum_not_met",
              "detail",
              Json.map(
                  "error",
                  "Quorum not met",
                  "N",
                  p.config().n(),
                  "W",
                  p.config().w(),
                  "acks",
                  r.acked().size(),
                  "required",
                  p.config().w(),
                  "failures",
                  failures,
                  "message",
                  r.reason()),
              "status",
              503));
    }
    if (!r.failed().isEmpty()) {
      synchronized (this) {
        graduation.record(
            Graduation.Milestone.WRITE_WHILE_NODE_DEAD,
            "'"
                + key
                + "' written to "
                + String.join(", ", r.acked())
                + " while "
                + String.join(", ", r.failed().stream().map(QuorumWrite.Ack::replica).toList())
                + " was down");
      }
    }
    return Response.ok(
        Json.map(
            "status",
            "success",
            "quorum_met",
            true,
            "key",
            key,
            "version",
            version,
            "N",
            p.config().n(),
            "W",
            p.config().w(),
            "acks",
            r.acked().size(),
            "replica_nodes",
            p.ids(),
            "written_to",
            r.acked(),
            "message",
            "Written to "
                + r.acked().size()
                + "/"
                + p.config().n()
                + " replicas (W="
                + p.config().w()
                + " required)."));
  }

  private Response read(Request request) {
    String key = request.pathParam("key");
    workshop.node.DataRules.checkKey(key)
        .ifPresent(
            reason -> {
              throw HttpError.unprocessable(reason);
            });
    Placement p = place(key);
    QuorumCoordinator.ReadOutcome o = coordinator.read(p.config(), key, p.replicas());
    QuorumRead.Result r = o.result();
    if (!r.unreachable().isEmpty()) {
      event(
          quorumLine(
              "read " + key,
              r.ok(),
              r.reason(),
              r.unreachable().stream().map(u -> u.replica() + " (" + u.reason() + ")").toList()));
    }
    if (!r.ok()) {
      throw HttpError.unavailable(
          "Quorum not met for '" + key + "': " + r.reason() + " Replicas: " + p.ids());
    }
    if (r.latest().isEmpty()) {
      throw HttpError.notFound("Key '" + key + "' not found in cluster");
    }
    if (!o.repaired().isEmpty()) {
      event("read repair of " + key + " on " + o.repaired());
    }
    String primary = p.ids().get(0);
    if (!primary.equals(o.servedBy()) && !r.unreachable().isEmpty()) {
      synchronized (this) {
        graduation.record(
            Graduation.Milestone.READ_FROM_ANOTHER_REPLICA,
            "'" + key + "' served by " + o.servedBy() + " while " + primary + " was down");
      }
    }
    Versioned v = r.latest().get();
    return Response.ok(
        Json.map(
            "node_id", o.servedBy(),
            "key", key,
            "value", v.value(),
            "version", v.version(),
            "served_by", o.servedBy(),
            "replica_nodes", p.ids(),
            "answered", r.answered(),
            "read_repaired", o.repaired(),
            "R", p.config().r()));
  }

  /**
   * A quorum operation that had replicas down, most telling part first: "write user:bob without
   * node-2 (why): SUCCESS ..." or "write user:bob: FAILURE ... Down: node-2 (why), node-3 (why)".
   */
  private static String quorumLine(String what, boolean ok, String reason, List<String> down) {
    String replicas = String.join(", ", down);
    return ok
        ? what + " without " + replicas + ": " + reason
        : what + ": " + reason + " Down: " + replicas;
  }

  private Response kill(Request request) {
    String id = request.pathParam("id");
    Member m;
    synchronized (this) {
      m = membership.get(id).orElseThrow(() -> HttpError.notFound("Node '" + id + "' not found"));
      if (m.status() == MemberStatus.LEFT) {
        throw HttpError.conflict("Node '" + id + "' has already left the cluster");
      }
      boolean last = membership.alive().size() == 1 && m.status() == MemberStatus.ALIVE;
      if (last && !"true".equals(request.query().get("force"))) {
        throw HttpError.conflict(
            "Node '"
                + id
                + "' is the last one alive; killing it loses the whole cluster."
                + " Add ?force=true if that is what you want.");
      }
    }
    boolean terminated = processes.stop(m.address());
    synchronized (this) {
      membership
          .kill(id, clock.instant(), "killed through the registry")
          .ifPresent(e -> event(e.line()));
    }
    return Response.ok(
        Json.map(
            "status",
            "killed",
            "node_id",
            id,
            "process_terminated",
            terminated,
            "message",
            terminated
                ? "Node '"
                    + id
                    + "' stopped as a crash would; writes go on with the other replicas."
                : "Node '" + id + "' did not stop or was already down. Marked dead."));
  }

  /**
   * Starts a dead or stopped node again with its old id and port, under this registry's supervisor
   * (as scale-up does). The member stays dead until its first heartbeat, so it comes back as the
   * same member: its keys never move, and anti-entropy copies what it missed.
   */
  private Response restart(Request request) {
    String id = request.pathParam("id");
    if (!id.matches(ID_PATTERN)) {
      throw HttpError.unprocessable(
          "node ids are 1-64 letters, digits, '.', '_' or '-', like node-2; got "
              + (id.length() > 70 ? id.substring(0, 64) + "..." : id));
    }
    Member m;
    int port;
    synchronized (this) {
      m = membership.get(id).orElseThrow(() -> HttpError.notFound("Node '" + id + "' not found"));
      checkRestartable(m);
      port = port(m.address());
      workshop.support.proc.ChildProcess twin = processes.running(id);
      if (twin != null) {
        throw HttpError.conflict(
            "Node '"
                + id
                + "' is being restarted already (pid "
                + twin.pid()
                + "); wait for its first heartbeat");
      }
      if (NodeProcesses.nextFreePort(port, port) < 0) {
        throw HttpError.conflict(
            "port "
                + port
                + " is taken, so '"
                + id
                + "' cannot start there (is it still running but not heartbeating, or did"
                + " another program take the port?); free the port, or add a node with POST"
                + " /scale-up");
      }
      String was = m.status().wireName() + ": " + m.reason();
      try {
        processes.start(id, port, url());
      } catch (IllegalStateException e) {
        throw new HttpError(500, "start_failed", e.getMessage());
      }
      log.println("[registry] restarting " + id + " on port " + port + " (was " + was + ")");
    }
    return Response.ok(
        Json.map(
            "status",
            "restarting",
            "node_id",
            id,
            "port",
            port,
            "address",
            m.address(),
            "message",
            "Node '"
                + id
                + "' starts again on port "
                + port
                + "; it rejoins with its next heartbeat (2-3 s), and anti-entropy copies the"
                + " writes it missed."));
  }

  /** Refuses a restart of a node that is running, starting, elsewhere, or cannot be started. */
  private void checkRestartable(Member m) {
    String id = m.id();
    switch (m.status()) {
      case ALIVE ->
          throw HttpError.conflict(
              "Node '" + id + "' is alive; nothing to restart (POST /kill/" + id + " first)");
      case STARTING ->
          throw HttpError.conflict(
              "Node '" + id + "' is starting already; wait for its first heartbeat");
      case DEAD, LEFT -> {}
    }
    if (scaleUp == null) {
      throw new HttpError(
          501,
          "not_enabled",
          "this registry was started without scale-up, so it cannot start nodes; restart it"
              + " yourself: ./workshop resilient-node --port "
              + port(m.address())
              + " --id "
              + id);
    }
    String host = URI.create(m.address()).getHost();
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]")) {
      throw HttpError.conflict(
          "Node '" + id + "' ran at " + m.address() + ", not on this machine; restart it there");
    }
  }

  private Response scaleUp(Request request) {
    if (scaleUp == null) {
      throw new HttpError(501, "not_enabled", "this registry was started without scale-up");
    }
    String id;
    int port;
    synchronized (this) {
      int highest = 0;
      int maxPort = scaleUp.firstPort() - 1;
      for (Member m : membership.all()) {
        java.util.regex.Matcher num =
            java.util.regex.Pattern.compile("node-(\\d+)").matcher(m.id());
        if (num.matches()) {
          highest = Math.max(highest, Integer.parseInt(num.group(1)));
        }
        int used = port(m.address());
        // Only ports in the scale-up range count: a node started by hand elsewhere (or on a
        // random port, as verify does) must not push the next port past the range's end.
        if (used >= scaleUp.firstPort() && used <= scaleUp.lastPort()) {
          maxPort = Math.max(maxPort, used);
        }
      }
      if (membership.all().size() >= scaleUp.maxNodes()) {
        throw HttpError.conflict(
            "scale-up limit reached: "
                + scaleUp.maxNodes()
                + " nodes (start the registry with a"
                + " higher --max-nodes)");
      }
      id = "node-" + (highest + 1);
      port = NodeProcesses.nextFreePort(maxPort + 1, scaleUp.lastPort());
      if (port < 0) {
        throw HttpError.conflict(
            "scale-up port limit reached: no free port from "
                + (maxPort + 1)
                + " to "
                + scaleUp.lastPort()
                + " (free one, or start the registry with a higher --max-port)");
      }
      membership
          .expect(id, "http://127.0.0.1:" + port, clock.instant())
          .ifPresent(e -> event(e.line() + " (scale-up on port " + port + ")"));
      scaledUp.add(id);
    }
    processes.start(id, port, url());
    return Response.ok(
        Json.map(
            "status",
            "spawned",
            "node_id",
            id,
            "port",
            port,
            "message",
            "Node will appear in cluster status within 2-3 seconds; the registry then"
                + " hands it the keys it now owns."));
  }

  /**
   * Gives a joining node every key it will be a replica of (the latest version, by quorum read of
   * the current replicas), then makes it a replica. Writes meanwhile reach it as a pending replica.
   */
  private void handOff(String id) {
    try {
      copyKeysTo(id);
    } catch (RuntimeException e) {
      event(
          "hand-off to "
              + id
              + " stopped early: "
              + e.getMessage()
              + "; anti-entropy will fill the rest");
    } finally {
      synchronized (this) {
        joining.remove(id);
      }
    }
  }

  private void copyKeysTo(String id) {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    for (Member m : membership.alive()) {
      try {
        admin
            .get(m.address() + "/digest")
            .json()
            .path("versions")
            .properties()
            .forEach(e -> keys.add(e.getKey()));
      } catch (RuntimeException e) {
        // An unreachable member: the others hold its keys too (N=3).
      }
    }
    int moved = 0;
    String address = membership.get(id).map(Member::address).orElse(null);
    for (String key : keys) {
      Placement p = place(key);
      if (address == null || p.pending().stream().noneMatch(r -> r.id().equals(id))) {
        continue;
      }
      QuorumCoordinator.ReadOutcome o = coordinator.read(p.config(), key, p.replicas());
      if (o.result().latest().isPresent()
          && coordinator.copy(
              new QuorumCoordinator.Replica(id, address), key, o.result().latest().get())) {
        moved++;
      }
    }
    synchronized (this) {
      event(id + " joined the ring after receiving the " + moved + " keys it now owns");
      if (scaledUp.remove(id)) {
        graduation.record(
            Graduation.Milestone.SCALE_UP, id + " joined and was handed " + moved + " keys");
      }
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull() || !(n.isTextual() || n.isNumber() || n.isBoolean())) {
      throw HttpError.unprocessable("field '" + field + "' is required (a string)");
    }
    String t = n.asText();
    if (t.isBlank()) {
      throw HttpError.unprocessable("field '" + field + "' must not be blank");
    }
    if (field.equals("key")) {
      workshop.node.DataRules.checkKey(t)
          .ifPresent(
              reason -> {
                throw HttpError.unprocessable(reason);
              });
    }
    return t;
  }

  // ---- input ----------------------------------------------------------------------------------

  private static String nodeId(JsonNode body) {
    JsonNode id = body.get("node_id");
    if (id == null || id.isNull()) {
      throw HttpError.unprocessable("field 'node_id' is required, e.g. \"node-1\"");
    }
    if (!id.isTextual() || !id.asText().matches(ID_PATTERN)) {
      throw HttpError.unprocessable(
          "field 'node_id' must be 1-64 letters, digits, '.', '_' or '-', e.g. \"node-1\"; got "
              + id);
    }
    return id.asText();
  }

  /** The node's base URL: {@code address} when given, else {@code http://127.0.0.1:<port>}. */
  private static String address(JsonNode body) {
    JsonNode address = body.get("address");
    JsonNode port = body.get("port");
    if (address != null && address.isTextual() && !address.asText().isBlank()) {
      String a = address.asText();
      try {
        URI uri = URI.create(a);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw HttpError.unprocessable(
            "field 'address' must be a URL like http://127.0.0.1:5001; got '" + a + "'");
      }
      return a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
    }
    if (port == null || !port.canConvertToInt() || port.asInt() < 1 || port.asInt() > 65_535) {
      throw HttpError.unprocessable(
          "give 'address' (http://host:port) or 'port' (1-65535) so the registry can reach the node");
    }
    return "http://127.0.0.1:" + port.asInt();
  }

  private static int port(String address) {
    return URI.create(address).getPort();
  }

  private static double secondsSince(Instant then, Instant now) {
    double s = Duration.between(then, now).toMillis() / 1000.0;
    return Double.parseDouble(String.format(Locale.ROOT, "%.1f", Math.max(0, s)));
  }
}
