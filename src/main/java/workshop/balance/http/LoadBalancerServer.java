package workshop.balance.http;

import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import workshop.balance.Backend;
import workshop.balance.BalancingStrategy;
import workshop.ratelimit.RateLimitConfig;
import workshop.ratelimit.http.RateLimitFilter;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.Handler;
import workshop.support.http.KeepAliveClient;
import workshop.support.http.Observable;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * Module 02's load balancer: a reverse proxy in front of several nodes. It answers {@code /health}
 * and {@code /lb/stats} itself and forwards everything else (method, path, query, headers, body) to
 * the backend its {@link BalancingStrategy} picks, over pooled keep-alive connections.
 *
 * <p>Hop-by-hop headers are dropped in both directions (RFC 9110 section 7.6.1); {@code X-Backend}
 * on the answer says who served it and {@code X-Forwarded-For} tells the backend who asked. A
 * backend that refuses the connection is taken out of rotation at once and the request is tried on
 * another (it never reached the first, so this is safe for any method); a backend that does not
 * answer in time gives 504; none left gives 503. A health checker puts backends back when they
 * answer again. The strategy and the health records are single-threaded cores: one lock guards
 * them.
 */
public final class LoadBalancerServer implements Observable, AutoCloseable {
  /**
   * Dropped when forwarding, both ways: they describe one connection, not the message. Looked up
   * case-insensitively, so no header name is lower-cased per request.
   */
  static final Set<String> HOP_BY_HOP =
      caseInsensitive(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length");

  /** Not copied from a backend's answer: the balancer's server writes its own. */
  private static final Set<String> NOT_RELAYED = caseInsensitive("content-type", "date");

  /** Methods a proxy may send twice (RFC 9110 section 9.2.2). */
  static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  /** Where the balancer answers for itself; every other path is forwarded. */
  static final Set<String> OWN_PATHS = Set.of("/health", "/lb/stats", "/info", "/clients");

  private final LbConfig config;
  private final PrintStream log;
  private final List<BackendStats> backends = new ArrayList<>();
  private final BalancingStrategy strategy;
  private final Object lock = new Object();
  private final KeepAliveClient client;
  private final WebClient checker;
  private final ScheduledExecutorService health;
  private final RateLimitFilter limiter;
  private final long startedNanos = System.nanoTime();
  private final WebServer server;

  private LoadBalancerServer(LbConfig config, FaultPolicy faults, PrintStream log) {
    this.config = config;
    this.log = log;
    for (int i = 0; i < config.backends().size(); i++) {
      backends.add(new BackendStats(config.backends().get(i), config.weight(i)));
    }
    this.strategy = BalancingStrategy.of(config.strategy(), new SplittableRandom(config.seed()));
    this.client = new KeepAliveClient(config.timeout(), null, 256, faults);
    this.checker =
        WebClient.builder()
            .timeout(config.checkEvery())
            .peerName("lb-health")
            .faults(faults)
            .build();
    WebServer.Builder builder =
        WebServer.builder("lb")
            .host(config.host())
            .port(config.port())
            .routes(new Routes().get("/lb/stats", r -> Response.ok(stats())))
            .observe(this)
            .faults(faults);
    RateLimitConfig rateLimit = config.rateLimit();
    this.limiter =
        rateLimit == null
            ? null
            : new RateLimitFilter(rateLimit, InstantSource.system(), log, "lb");
    if (limiter != null) {
      builder.filter(limiter);
    }
    this.server = builder.filter(this::proxy).start();
    this.health =
        Executors.newScheduledThreadPool(
            backends.size(), Thread.ofPlatform().daemon().name("lb-health-", 0).factory());
    long every = config.checkEvery().toMillis();
    for (BackendStats b : backends) {
      health.scheduleWithFixedDelay(() -> check(b), 0, every, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Binds, starts serving and starts health-checking.
   *
   * @throws workshop.support.http.PortInUseException when the port is taken
   */
  public static LoadBalancerServer start(LbConfig config, PrintStream log) {
    return new LoadBalancerServer(config, FaultPolicy.NONE, log);
  }

  /** As above, with a fault layer on its server and its calls ({@code ./workshop net}). */
  public static LoadBalancerServer start(LbConfig config, FaultPolicy faults, PrintStream log) {
    return new LoadBalancerServer(config, faults, log);
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  public String strategy() {
    return strategy.name();
  }

  @Override
  public void close() {
    health.shutdownNow();
    server.close();
    client.close();
    checker.close();
  }

  // ---- forwarding -----------------------------------------------------------------------------

  private Response proxy(Request request, Handler next) throws Exception {
    if (OWN_PATHS.contains(request.path()) || request.path().startsWith("/fault/")) {
      return next.handle(request);
    }
    Map<String, String> headers = forwardedHeaders(request);
    byte[] body = request.body().length == 0 ? null : request.body();
    String lastRefusal = null;
    // A refused connection never reached the backend, so one more try elsewhere is safe.
    for (int attempt = 0; attempt < 2; attempt++) {
      BackendStats b = pick();
      if (b == null && lastRefusal != null) {
        return error(502, "bad_gateway", lastRefusal + "; no other backend is healthy", null);
      }
      if (b == null) {
        return error(
            503,
            "no_healthy_backend",
            "no backend is healthy; check that the nodes run (curl <node>/health)",
            null);
      }
      long t0 = System.nanoTime();
      try {
        ClientResponse answer =
            client.send(request.method(), b.url, request.target(), headers, body, config.timeout());
        b.finished(System.nanoTime() - t0, answer.status() >= 500);
        return relay(answer, b.url, request.method().equals("HEAD"));
      } catch (CallFailure f) {
        b.finished(System.nanoTime() - t0, true);
        switch (f.kind()) {
          case REFUSED -> {
            lastRefusal = f.getMessage();
            refused(b, f.getMessage());
          }
          case TIMEOUT -> {
            return error(
                504,
                "gateway_timeout",
                "backend "
                    + b.url
                    + " did not answer within "
                    + config.timeout().toMillis()
                    + " ms",
                b.url);
          }
          case RESET, IO -> {
            // A broken connection may have delivered the request: only a request that is safe to
            // repeat goes to another backend (as nginx's proxy_next_upstream does by default).
            if (!IDEMPOTENT.contains(request.method())) {
              return error(502, "bad_gateway", "backend " + b.url + ": " + f.getMessage(), b.url);
            }
            lastRefusal = f.getMessage();
          }
        }
      }
    }
    return error(502, "bad_gateway", lastRefusal, null);
  }

  private BackendStats pick() {
    synchronized (lock) {
      List<Backend> snapshot = new ArrayList<>(backends.size());
      for (BackendStats b : backends) {
        snapshot.add(b.snapshot());
      }
      int i = strategy.pick(snapshot);
      if (i < 0) {
        return null;
      }
      BackendStats b = backends.get(i);
      b.started();
      return b;
    }
  }

  /** The request's headers as the backend gets them: hop-by-hop ones out, the caller's IP in. */
  static Map<String, String> forwardedHeaders(Request request) {
    Set<String> named = connectionTokens(request.header("Connection"));
    // The request's header names are unique already (folded case-insensitively), so a plain
    // map in their order will do.
    Map<String, String> out = LinkedHashMap.newLinkedHashMap(request.headers().size() + 1);
    String prior = null;
    for (var h : request.headers().entrySet()) {
      String name = h.getKey();
      List<String> values = h.getValue();
      // Expect too: the balancer has read the whole body (answering 100 Continue itself if
      // asked), so a backend's own 100 Continue would only be an answer nobody waits for.
      if (values.isEmpty()
          || HOP_BY_HOP.contains(name)
          || named.contains(name)
          || name.equalsIgnoreCase("Expect")) {
        continue;
      }
      String value = values.size() == 1 ? values.get(0) : String.join(", ", values);
      if (name.equalsIgnoreCase("X-Forwarded-For")) {
        prior = value;
      } else {
        out.put(name, value);
      }
    }
    String remote = RateLimitFilter.ipOf(request.remoteAddress());
    out.put("X-Forwarded-For", prior == null ? remote : prior + ", " + remote);
    return out;
  }

  private static Response relay(ClientResponse answer, String backend, boolean head) {
    Set<String> named = connectionTokens(answer.header("Connection"));
    LinkedHashMap<String, String> headers =
        LinkedHashMap.newLinkedHashMap(answer.headers().size() + 2);
    String type = answer.header("Content-Type");
    headers.put("Content-Type", type == null ? "application/octet-stream" : type);
    for (var h : answer.headers()) {
      String name = h.getKey();
      if (!HOP_BY_HOP.contains(name) && !named.contains(name) && !NOT_RELAYED.contains(name)) {
        headers.put(name, h.getValue());
      }
    }
    String length = answer.header("Content-Length");
    if (head && length != null) {
      // An answer to HEAD has no body; its length says what a GET would get, so pass it on.
      headers.put("Content-Length", length);
    }
    headers.put("X-Backend", backend);
    return Response.of(answer.status(), headers, answer.body());
  }

  /** The header names a Connection header lists, to be dropped with it (RFC 9110 7.6.1). */
  private static Set<String> connectionTokens(String connection) {
    if (connection == null) {
      return Set.of();
    }
    Set<String> tokens = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (String t : connection.split(",")) {
      tokens.add(t.trim());
    }
    return tokens;
  }

  private static Set<String> caseInsensitive(String... names) {
    Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(List.of(names));
    return Collections.unmodifiableSet(set);
  }

  private static Response error(int status, String code, String detail, String backend) {
    Response r =
        Response.json(
            status,
            Json.map("error", code, "detail", detail, "backend", backend, "status", status));
    return backend == null ? r : r.withHeader("X-Backend", backend);
  }

  // ---- health ---------------------------------------------------------------------------------

  private void check(BackendStats b) {
    String failure;
    try {
      ClientResponse r = checker.get(b.url + "/health", config.checkEvery());
      failure = r.status() == 200 ? null : "/health answered " + r.status();
    } catch (CallFailure f) {
      failure = f.getMessage();
    } catch (RuntimeException e) {
      failure = e.getMessage();
    }
    String change;
    synchronized (lock) {
      change = failure == null ? b.health.checkPassed() : b.health.checkFailed(failure);
    }
    report(b, change);
  }

  private void refused(BackendStats b, String why) {
    String change;
    synchronized (lock) {
      change = b.health.connectionRefused(why);
    }
    report(b, change);
  }

  private void report(BackendStats b, String change) {
    if (change != null) {
      log.println("[lb] backend " + b.url + " " + change);
      log.flush();
    }
  }

  // ---- observability --------------------------------------------------------------------------

  @Override
  public Object health() {
    int healthy = 0;
    synchronized (lock) {
      for (BackendStats b : backends) {
        healthy += b.health.up() ? 1 : 0;
      }
    }
    return Json.map(
        "status",
        "ok",
        "role",
        "load-balancer",
        "strategy",
        strategy.name(),
        "healthy_backends",
        healthy,
        "backends",
        backends.size());
  }

  @Override
  public Map<String, Object> info() {
    return Json.map("role", "lb", "strategy", strategy.name(), "backends", backends.size());
  }

  @Override
  public Object stats() {
    List<LbWire.Backend> rows = new ArrayList<>();
    long total = 0;
    for (BackendStats b : backends) {
      boolean healthy;
      synchronized (lock) {
        healthy = b.health.up();
      }
      // Outside the lock: reading the histogram waits for writers, and requests must not wait.
      LbWire.Backend row = b.json(healthy);
      total += row.requests();
      rows.add(row);
    }
    return new LbWire.Stats(
        strategy.name(),
        total,
        limiter == null ? null : limiter.stats(),
        Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds(),
        rows);
  }
}
