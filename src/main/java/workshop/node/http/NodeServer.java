package workshop.node.http;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import workshop.node.CpuMode;
import workshop.node.DataRules;
import workshop.node.NodeConfig;
import workshop.ratelimit.RateLimitConfig;
import workshop.ratelimit.http.RateLimitFilter;
import workshop.support.http.FaultPolicy;
import workshop.support.http.Handler;
import workshop.support.http.HttpError;
import workshop.support.http.Observable;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;
import workshop.support.json.Json;
import workshop.support.load.LatencyRecorder;

/**
 * Module 01's node: a process on a port that stores key/value pairs over HTTP/JSON.
 *
 * <p>Data requests are worked on by at most {@code --workers} at once; requests beyond that wait in
 * a queue (FIFO). That queue is the lesson: with one worker and five concurrent clients, each
 * request waits for the four ahead of it. The work itself runs on the node's simulated CPU or on
 * this machine's cores ({@link Processor}). Health and stats are answered outside the queue, so a
 * monitor can watch a node drown without waiting in it.
 */
public final class NodeServer implements Observable, AutoCloseable {
  /** Requests waiting beyond this many are refused with 503 instead of queueing for minutes. */
  static final int MAX_QUEUED = 10_000;

  private final NodeConfig config;
  private final PrintStream log;
  private final Map<String, String> store = new ConcurrentHashMap<>();
  private final Processor processor;
  private final AtomicInteger active = new AtomicInteger();
  private final LongAdder completed = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LatencyRecorder latency = new LatencyRecorder();
  private final long startedNanos = System.nanoTime();
  private final WebServer server;
  private final RateLimitFilter limiter;

  private NodeServer(
      NodeConfig config,
      FaultPolicy faults,
      PrintStream log,
      RateLimitConfig rateLimit,
      String token) {
    this.config = config;
    this.log = log;
    this.processor =
        config.cpu() == CpuMode.REAL
            ? new RealProcessor(config, MAX_QUEUED, log)
            : new SimulatedProcessor(config, MAX_QUEUED, log);
    Routes routes =
        new Routes()
            .get("/", this::root)
            .post("/data", this::store)
            .get("/data/{key}", this::read)
            // Added for module 03's router, which moves keys between nodes: list, then delete.
            .destructive("DELETE", "/data/{key}", this::delete)
            .get("/keys", this::keys);
    WebServer.Builder builder =
        WebServer.builder("node-" + config.id())
            .host(config.host())
            .port(config.port())
            .routes(routes)
            .token(token)
            .observe(this);
    // The limiter goes first, so a refused request never reaches the work queue.
    this.limiter =
        rateLimit == null
            ? null
            : new RateLimitFilter(
                rateLimit, java.time.InstantSource.system(), log, "Node " + config.id());
    if (limiter != null) {
      builder.filter(limiter);
    }
    this.server = builder.filter(this::count).faults(faults).start();
  }

  /**
   * Binds and starts serving.
   *
   * @throws workshop.support.http.PortInUseException when the port is taken
   */
  public static NodeServer start(NodeConfig config, FaultPolicy faults, PrintStream log) {
    return new NodeServer(config, faults, log, null, null);
  }

  /**
   * Binds and starts serving, refusing clients over {@code rateLimit} with 429 (Module 02).
   *
   * @param rateLimit null for no limit
   */
  public static NodeServer start(
      NodeConfig config, FaultPolicy faults, PrintStream log, RateLimitConfig rateLimit) {
    return new NodeServer(config, faults, log, rateLimit, null);
  }

  /**
   * Binds and starts serving, with {@code token} (null: {@value
   * workshop.support.http.AdminToken#ENV}) guarding {@code DELETE /data/{key}} when it listens
   * beyond loopback.
   */
  public static NodeServer start(
      NodeConfig config,
      FaultPolicy faults,
      PrintStream log,
      RateLimitConfig rateLimit,
      String token) {
    return new NodeServer(config, faults, log, rateLimit, token);
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    processor.close();
  }

  // ---- handlers -------------------------------------------------------------------------------

  private Response root(Request request) {
    return Response.ok(Json.map("message", "Node is running", "id", config.id()));
  }

  private Response store(Request request) throws Exception {
    NodeWire.Store body = request.read(NodeWire.Store.class);
    String key = body.key();
    String value = body.value();
    DataRules.checkKey(key).ifPresent(reason -> fail(reason));
    DataRules.checkValue(value).ifPresent(reason -> fail(reason));
    return work(
        () -> {
          store.put(key, value);
          return Response.ok(new NodeWire.Stored("stored", config.id(), key, value));
        });
  }

  private Response read(Request request) throws Exception {
    String key = request.pathParam("key");
    DataRules.checkKey(key).ifPresent(reason -> fail(reason));
    if (!store.containsKey(key)) {
      // Checked before the work, as the original does: a miss is cheap.
      throw HttpError.notFound("Key '" + key + "' not found on Node " + config.id());
    }
    return work(
        () -> {
          String value = store.get(key);
          if (value == null) {
            throw HttpError.notFound("Key '" + key + "' not found on Node " + config.id());
          }
          return Response.ok(new NodeWire.Entry(config.id(), key, value));
        });
  }

  private Response delete(Request request) throws Exception {
    String key = request.pathParam("key");
    DataRules.checkKey(key).ifPresent(reason -> fail(reason));
    return work(
        () -> {
          if (store.remove(key) == null) {
            throw HttpError.notFound("Key '" + key + "' not found on Node " + config.id());
          }
          return Response.ok(new NodeWire.Deleted("deleted", config.id(), key));
        });
  }

  /** Every key this node holds, sorted, so a router can tell which ones to move. */
  private Response keys(Request request) {
    List<String> keys = new ArrayList<>(store.keySet());
    Collections.sort(keys);
    return Response.ok(new NodeWire.Keys(config.id(), keys.size(), keys));
  }

  /** Counts requests in flight and stamps every answer with the node's headers. */
  private Response count(Request request, Handler next) throws Exception {
    active.incrementAndGet();
    boolean measured = !isMonitoring(request.path());
    long t0 = System.nanoTime();
    try {
      Response response = next.handle(request);
      return response
          .withHeader("X-Active-Requests", Integer.toString(active.get()))
          .withHeader("X-Node-Id", Integer.toString(config.id()));
    } finally {
      active.decrementAndGet();
      if (measured) {
        latency.record((System.nanoTime() - t0) / 1_000);
        completed.increment();
      }
    }
  }

  // ---- the work queue -------------------------------------------------------------------------

  /** The processor's answer; counts the requests it refused because too many already wait. */
  private Response work(java.util.concurrent.Callable<Response> answer) throws Exception {
    try {
      return processor.run(answer);
    } catch (HttpError e) {
      if (e.status() == 503) {
        refused.increment();
      }
      throw e;
    }
  }

  // ---- observability --------------------------------------------------------------------------

  @Override
  public Object health() {
    return Json.map("status", "ok", "node_id", config.id(), "active_requests", active.get());
  }

  @Override
  public Map<String, Object> info() {
    return Json.map("role", "node", "id", config.id(), "keys", store.size());
  }

  @Override
  public Object stats() {
    LatencyRecorder.Percentiles h = latency.soFar();
    return Json.map(
        "node_id", config.id(),
        "active_requests", active.get(),
        "load_factor", config.loadFactor(),
        "workers", config.workers(),
        "working_requests", processor.working(),
        "queued_requests", processor.queued(),
        "cpu", processor.stats(),
        "completed_requests", completed.sum(),
        "refused_requests", refused.sum(),
        "keys", store.size(),
        "latency_ms",
            Json.map(
                "count", h.count(),
                "p50", h.p50(),
                "p95", h.p95(),
                "p99", h.p99(),
                "max", h.max()),
        "rate_limit", limiter == null ? null : limiter.stats(),
        "uptime_seconds", Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static boolean isMonitoring(String path) {
    return path.equals("/health") || path.equals("/stats") || path.equals("/");
  }

  private static void fail(String reason) {
    throw HttpError.unprocessable(reason);
  }
}
