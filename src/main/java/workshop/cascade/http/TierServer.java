package workshop.cascade.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import workshop.cascade.CascadePlan;
import workshop.cascade.Hop;
import workshop.cascade.Protection;
import workshop.cascade.Tier;
import workshop.cascade.WorkerPool;
import workshop.ratelimit.RateLimiter;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.HttpError;
import workshop.support.http.Observable;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * One server of the cascade, A, B or C: {@code GET /work?deep=true} runs on one of its {@link
 * CascadePlan#WORKERS} workers (or waits for one, or is refused 503 when the queue is full). C
 * works for its current delay; B answers a shallow request itself and passes a deep one to C; A
 * passes every request to B. Calls to the next server go through a {@link Hop} with the plan's
 * protections. {@code GET /health} answers 503 while the pool is exhausted (no worker free and
 * requests waiting), so a load balancer would take the server out. C takes {@code POST /slow?ms=N}.
 *
 * <p>The shell does the waiting and the I/O; the pool and the hop decide, under one lock.
 */
public final class TierServer implements Observable, AutoCloseable {
  /** The caller's time left for this request, in milliseconds (sent when timeouts are on). */
  public static final String BUDGET_HEADER = "X-Workshop-Budget-Ms";

  /** Longest delay {@code POST /slow} accepts: a minute outlasts every caller here. */
  public static final int MAX_DELAY_MS = 60_000;

  private final Tier tier;
  private final CascadePlan plan;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private final WorkerPool pool = new WorkerPool(CascadePlan.WORKERS, CascadePlan.QUEUE);
  private final Hop deepHop;
  private final Hop shallowHop;
  private final String next;
  private final WebClient client;
  private final RandomGenerator random;
  private final LongAdder arrivals = new LongAdder();
  private volatile Duration delay;
  private volatile boolean closing;
  private final WebServer server;

  private TierServer(
      Tier tier, CascadePlan plan, String next, RandomGenerator random, Duration delay) {
    this.tier = tier;
    this.plan = plan;
    this.next = next;
    this.random = random;
    this.delay = delay == null ? Duration.ZERO : delay;
    RateLimiter limiter = plan.limiter(tier);
    this.deepHop = tier.next().isPresent() ? plan.hop(tier, "deep", limiter) : null;
    this.shallowHop = tier == Tier.A ? plan.hop(tier, "shallow", limiter) : null;
    this.client =
        deepHop == null
            ? null
            : WebClient.builder().peerName(tier.serverName()).maxConnections(64).build();
    Routes routes = new Routes().get("/work", this::work).get("/health", this::health);
    if (tier == Tier.C) {
      routes.destructive("POST", "/slow", this::slow);
    }
    this.server =
        WebServer.builder(tier.serverName())
            .host("127.0.0.1")
            .port(0)
            .routes(routes)
            .observe(this)
            .start();
  }

  /**
   * Starts one tier on a free loopback port.
   *
   * @param next the next tier's base URL, null for C
   * @param random for the retry schedule's jitter (used under this server's lock)
   * @param delay C's work per request (ignored by A and B)
   */
  public static TierServer start(
      Tier tier, CascadePlan plan, String next, RandomGenerator random, Duration delay) {
    return new TierServer(tier, plan, next, random, delay);
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  /** Requests that reached this server so far, refused ones included. */
  public long arrivals() {
    return arrivals.sum();
  }

  public WorkerPool.Snapshot pool() {
    lock.lock();
    try {
      return pool.snapshot();
    } finally {
      lock.unlock();
    }
  }

  /** C's work per request from now on. */
  public void delay(Duration d) {
    delay = d;
  }

  @Override
  public Object health() {
    WorkerPool.Snapshot p = pool();
    return Json.map(
        "status",
        p.exhausted() ? "unhealthy" : "healthy",
        "server",
        tier.serverName(),
        "pool",
        p.describe());
  }

  @Override
  public Map<String, Object> info() {
    return Json.map("role", "cascade tier", "tier", tier.serverName(), "pool", pool().describe());
  }

  @Override
  public Object stats() {
    WorkerPool.Snapshot p = pool();
    lock.lock();
    try {
      return Json.map(
          "server", tier.serverName(),
          "protect", plan.describe(),
          "arrivals", arrivals(),
          "busy", p.busy(),
          "waiting", p.waiting(),
          "refused", p.refused(),
          "breaker", breakers(),
          "delay_ms", delay.toMillis());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closing = true;
    lock.lock();
    try {
      freed.signalAll();
    } finally {
      lock.unlock();
    }
    server.close();
    if (client != null) {
      client.close();
    }
  }

  private Response health(Request request) {
    WorkerPool.Snapshot p = pool();
    Object body = health();
    return p.exhausted() ? Response.json(503, body) : Response.ok(body);
  }

  private Response slow(Request request) {
    String raw = request.query().getOrDefault("ms", "");
    int ms;
    try {
      ms = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw HttpError.unprocessable(
          "ms must be a whole number from 0 to " + MAX_DELAY_MS + ", got '" + raw + "'");
    }
    if (ms < 0 || ms > MAX_DELAY_MS) {
      throw HttpError.unprocessable(
          "ms must be a whole number from 0 to " + MAX_DELAY_MS + ", got " + ms);
    }
    delay(Duration.ofMillis(ms));
    return Response.ok(Json.map("server", tier.serverName(), "delay_ms", ms));
  }

  private Response work(Request request) throws InterruptedException {
    arrivals.increment();
    boolean deep = !"false".equals(request.query().getOrDefault("deep", "true"));
    Duration budget = budget(request);
    long deadline = budget == null ? Long.MAX_VALUE : System.nanoTime() + budget.toNanos();
    Optional<Response> refused = admit(deadline);
    if (refused.isPresent()) {
      return refused.get();
    }
    try {
      return serve(deep, deadline);
    } finally {
      lock.lock();
      try {
        pool.finish();
        freed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Empty when this request got a worker; the refusal otherwise. */
  private Optional<Response> admit(long deadline) throws InterruptedException {
    lock.lock();
    try {
      WorkerPool.Admission admission = pool.arrive();
      if (admission == WorkerPool.Admission.REFUSE) {
        return Optional.of(
            Response.error(
                503, "pool_full", tier + "'s pool is full: " + pool.snapshot().describe()));
      }
      if (admission == WorkerPool.Admission.RUN) {
        return Optional.empty();
      }
      while (!pool.take()) {
        long left = deadline - System.nanoTime();
        if (closing || left <= 0) {
          pool.giveUp();
          return Optional.of(
              Response.error(
                  504,
                  "deadline_passed",
                  tier + ": the caller's deadline passed while waiting for a worker"));
        }
        freed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  private Response serve(boolean deep, long deadline) throws InterruptedException {
    if (tier == Tier.C) {
      Thread.sleep(delay);
      return Response.ok(Json.map("server", tier.serverName(), "worked_ms", delay.toMillis()));
    }
    if (tier == Tier.B && !deep) {
      return Response.ok(Json.map("server", tier.serverName(), "deep", false));
    }
    return callNext(deep, deadline);
  }

  private Response callNext(boolean deep, long deadline) throws InterruptedException {
    Hop hop = deep ? deepHop : shallowHop;
    String cause = "";
    for (int made = 0; ; ) {
      Duration left = left(deadline);
      Hop.Permit permit;
      lock.lock();
      try {
        permit = hop.permit(Instant.now(), left);
      } finally {
        lock.unlock();
      }
      if (permit instanceof Hop.Permit.Refused r) {
        return Response.error(
            503, "fail_fast", r.reason() + (made > 0 ? " (after " + cause + ")" : ""));
      }
      Duration timeout = ((Hop.Permit.Go) permit).timeout();
      made++;
      boolean ok;
      try {
        ClientResponse answer =
            client.send("GET", next + "/work?deep=" + deep, headers(timeout), null, timeout);
        ok = answer.status() == 200;
        cause = Integer.toString(answer.status());
      } catch (CallFailure f) {
        ok = false;
        cause = f.kind().label();
      }
      Optional<Duration> wait;
      lock.lock();
      try {
        hop.done(Instant.now(), ok, cause);
        wait = ok ? Optional.empty() : hop.retry(made, left(deadline), random);
      } finally {
        lock.unlock();
      }
      if (ok) {
        return Response.ok(Json.map("server", tier.serverName(), "deep", deep, "attempts", made));
      }
      if (wait.isEmpty()) {
        return Response.error(
            502, "dependency_failed", hop.name() + " failed " + made + " time(s), last: " + cause);
      }
      Thread.sleep(wait.get());
    }
  }

  /** "A->B (deep) OPEN, A->B (shallow) CLOSED", or "none". */
  private String breakers() {
    List<String> states = new ArrayList<>();
    for (Hop h : new Hop[] {deepHop, shallowHop}) {
      if (h != null && h.breakerState() != null) {
        states.add(h.name() + " " + h.breakerState());
      }
    }
    return states.isEmpty() ? "none" : String.join(", ", states);
  }

  private Map<String, String> headers(Duration timeout) {
    return plan.has(Protection.TIMEOUTS)
        ? Map.of(BUDGET_HEADER, Long.toString(timeout.toMillis()))
        : Map.of();
  }

  /** With timeouts, the caller's budget (its header, else the plan's); without, none. */
  private Duration budget(Request request) {
    if (!plan.has(Protection.TIMEOUTS)) {
      return null;
    }
    String raw = request.header(BUDGET_HEADER);
    if (raw != null) {
      try {
        long ms = Long.parseLong(raw.strip());
        if (ms >= 0 && ms <= MAX_DELAY_MS) {
          return Duration.ofMillis(ms);
        }
      } catch (NumberFormatException e) {
        // A budget that is not a number is ignored: the plan's own applies.
      }
    }
    return plan.budget(tier);
  }

  private static Duration left(long deadline) {
    return deadline == Long.MAX_VALUE
        ? null
        : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }
}
