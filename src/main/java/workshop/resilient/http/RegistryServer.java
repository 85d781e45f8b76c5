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
import workshop.resilient.Graduation;
import workshop.support.http.HttpError;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * The capstone's registry, membership part: nodes heartbeat here, the registry declares silent ones
 * dead after the timeout, and {@code /nodes} and {@code /cluster-status} say who is alive. Wire
 * shapes are the original's. Every membership change is logged as one line with its reason.
 */
public final class RegistryServer implements AutoCloseable {
  /** Ids look like the manual's {@code node-1}; anything else is refused with a reason. */
  static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  private final Membership membership;
  private final Graduation graduation = new Graduation();
  private final InstantSource clock;
  private final PrintStream log;
  private final ScheduledExecutorService sweeper;
  private final WebServer server;

  private RegistryServer(
      String host, int port, MembershipConfig config, InstantSource clock, PrintStream log) {
    this.membership = new Membership(config);
    this.clock = clock;
    this.log = log;
    Routes routes =
        new Routes()
            .get("/", this::root)
            .post("/heartbeat", this::heartbeat)
            .post("/deregister", this::deregister)
            .get("/nodes", this::nodes)
            .get("/cluster-status", this::clusterStatus)
            .get("/graduate", this::graduate);
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
      String host, int port, MembershipConfig config, InstantSource clock, PrintStream log) {
    return new RegistryServer(host, port, config, clock, log);
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
      log.println("[registry] " + e.line());
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    server.close();
  }

  // ---- handlers -------------------------------------------------------------------------------

  private synchronized Response root(Request request) {
    List<Member> all = membership.all();
    long alive = all.stream().filter(m -> m.status() == MemberStatus.ALIVE).count();
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
        .ifPresent(e -> log.println("[registry] " + e.line() + " at " + address));
    List<Object> peers = new ArrayList<>();
    for (Member m : membership.alive()) {
      peers.add(Json.map("node_id", m.id(), "address", m.address(), "port", port(m.address())));
    }
    return Response.ok(Json.map("status", "ok", "nodes", peers));
  }

  private synchronized Response deregister(Request request) {
    String id = nodeId(request.jsonObject());
    if (membership.get(id).isEmpty()) {
      throw HttpError.notFound("Node '" + id + "' not found");
    }
    membership
        .leave(id, clock.instant(), "deregistered itself (clean shutdown)")
        .ifPresent(e -> log.println("[registry] " + e.line()));
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
              "status", m.status().wireName(),
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
      if (m.status() == MemberStatus.ALIVE) {
        alive++;
      }
      nodes.add(
          Json.map(
              "node_id", m.id(),
              "address", m.address(),
              "status", m.status().wireName(),
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
        membership.health().wireName());
  }

  private synchronized Response graduate(Request request) {
    return Response.text(200, graduation.render());
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
