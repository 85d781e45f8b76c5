package workshop.node.http;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import workshop.node.DataRules;
import workshop.node.Fibonacci;
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
 * <p>Data requests are worked on by a pool of exactly {@code --workers} threads; requests beyond
 * that wait in a queue (FIFO). That queue is the lesson: with one worker and five concurrent
 * clients, each request waits for the four ahead of it. Health and stats are answered outside the
 * pool, so a monitor can watch a node drown without waiting in its queue.
 */
public final class NodeServer implements Observable, AutoCloseable {
  /** Requests waiting beyond this many are refused with 503 instead of queueing for minutes. */
  static final int MAX_QUEUED = 10_000;

  private final NodeConfig config;
  private final PrintStream log;
  private final Map<String, String> store = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor workers;
  private final AtomicInteger active = new AtomicInteger();
  private final LongAdder completed = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LatencyRecorder latency = new LatencyRecorder();
  private final long startedNanos = System.nanoTime();
  private final WebServer server;
  private final RateLimitFilter limiter;

  private NodeServer(
      NodeConfig config, FaultPolicy faults, PrintStream log, RateLimitConfig rateLimit) {
    this.config = config;
    this.log = log;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            config.workers(),
            config.workers(),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(MAX_QUEUED),
            r -> {
              Thread t = new Thread(r, "worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    Routes routes =
        new Routes()
            .get("/", this::root)
            .post("/data", this::store)
            .get("/data/{key}", this::read)
            // Added for module 03's router, which moves keys between nodes: list, then delete.
            .delete("/data/{key}", this::delete)
            .get("/keys", this::keys);
    WebServer.Builder builder =
        WebServer.builder("node-" + config.id())
            .host(config.host())
            .port(config.port())
            .routes(routes)
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
    return new NodeServer(config, faults, log, null);
  }

  /**
   * Binds and starts serving, refusing clients over {@code rateLimit} with 429 (Module 02).
   *
   * @param rateLimit null for no limit
   */
  public static NodeServer start(
      NodeConfig config, FaultPolicy faults, PrintStream log, RateLimitConfig rateLimit) {
    return new NodeServer(config, faults, log, rateLimit);
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
    workers.shutdownNow();
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
          burn();
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
          burn();
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
          burn();
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

  private Response work(java.util.concurrent.Callable<Response> task) throws Exception {
    Future<Response> result;
    try {
      result = workers.submit(task);
    } catch (RejectedExecutionException e) {
      refused.increment();
      throw new HttpError(
          503,
          "overloaded",
          "Node "
              + config.id()
              + " already has "
              + MAX_QUEUED
              + " requests waiting; try again later or add workers/nodes");
    }
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void burn() {
    if (config.loadFactor() == 0) {
      return;
    }
    long t0 = System.nanoTime();
    Fibonacci.fib(config.loadFactor());
    double ms = (System.nanoTime() - t0) / 1e6;
    log.printf(
        Locale.ROOT,
        "[Node %d] CPU Load: fib(%d) took %.2fms%n",
        config.id(),
        config.loadFactor(),
        ms);
  }

  // ---- observability --------------------------------------------------------------------------

  @Override
  public Object health() {
    return Json.map("status", "ok", "node_id", config.id(), "active_requests", active.get());
  }

  @Override
  public Object stats() {
    LatencyRecorder.Percentiles h = latency.soFar();
    return Json.map(
        "node_id", config.id(),
        "active_requests", active.get(),
        "load_factor", config.loadFactor(),
        "workers", config.workers(),
        "working_requests", workers.getActiveCount(),
        "queued_requests", workers.getQueue().size(),
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
