package workshop.ratelimit.http;

import java.io.PrintStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import workshop.ratelimit.Decision;
import workshop.ratelimit.RateLimitConfig;
import workshop.ratelimit.RateLimiter;
import workshop.support.http.Filter;
import workshop.support.http.Handler;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.json.Json;

/**
 * Puts a {@link RateLimiter} in front of a server. Clients are told apart by {@value
 * #CLIENT_HEADER} when they send it, otherwise by their IP address (not the port: one client opens
 * many connections). Health and stats endpoints are exempt so monitors keep working during a flood.
 *
 * <p>A refused request gets 429 with {@code {"error":"Too Many Requests","detail",
 * "retry_after","status"}} (the original's field names) and the {@code Retry-After} and {@code
 * RateLimit-*} headers; an allowed one gets the {@code RateLimit-*} headers too. The limiter is
 * single-threaded by contract, so this shell holds a lock around each decision.
 */
public final class RateLimitFilter implements Filter {
  public static final String CLIENT_HEADER = "X-Client-Id";
  private static final Set<String> EXEMPT = Set.of("/health", "/stats", "/lb/stats");

  private final RateLimitConfig config;
  private final RateLimiter limiter;
  private final InstantSource clock;
  private final PrintStream log;
  private final String name;

  /** Per throttled client: when its last refusal was logged and how many since (one line/s). */
  private final Map<String, long[]> throttled = new HashMap<>();

  private final LongAdder allowed = new LongAdder();
  private final LongAdder refused = new LongAdder();

  public RateLimitFilter(
      RateLimitConfig config, InstantSource clock, PrintStream log, String name) {
    this.config = config;
    this.limiter = RateLimiter.of(config);
    this.clock = clock;
    this.log = log;
    this.name = name;
  }

  @Override
  public Response apply(Request request, Handler next) throws Exception {
    if (EXEMPT.contains(request.path())) {
      return next.handle(request);
    }
    String client = clientId(request);
    Decision d;
    String logLine = null;
    synchronized (this) {
      Instant now = clock.instant();
      d = limiter.decide(client, now);
      if (!d.allowed()) {
        logLine = throttledLine(client, d, now);
      }
    }
    if (!d.allowed()) {
      refused.increment();
      if (logLine != null) {
        log.println(logLine);
        log.flush();
      }
      Object body =
          Json.map(
              "error",
              "Too Many Requests",
              "detail",
              "client " + client + " is over " + config.describe() + ": " + d.reason(),
              "retry_after",
              d.retryAfterSeconds(),
              "status",
              429);
      return headers(Response.json(429, body), d)
          .withHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
    }
    allowed.increment();
    return headers(next.handle(request), d);
  }

  /** A log line for the first refusal of a client and then at most one a second, with a count. */
  private String throttledLine(String client, Decision d, Instant now) {
    long millis = now.toEpochMilli();
    long[] state = throttled.get(client);
    if (state == null || millis - state[0] >= 1000) {
      long since = state == null ? 1 : state[1] + 1;
      throttled.put(client, new long[] {millis, 0});
      return String.format(
          "[%s] RATE LIMITED client %s (%d refused since the last line): %s",
          name, client, since, d.reason());
    }
    state[1]++;
    return null;
  }

  /** Counts for {@code /stats}. */
  public Object stats() {
    return Json.map(
        "strategy", config.strategy().flag(),
        "requests_per_second", config.requestsPerSecond(),
        "burst", config.burst(),
        "allowed", allowed.sum(),
        "refused", refused.sum());
  }

  /** {@value #CLIENT_HEADER} when present, else the remote IP address without its port. */
  static String clientId(Request request) {
    String declared = request.header(CLIENT_HEADER);
    if (declared != null && !declared.isBlank()) {
      return declared.trim();
    }
    return ipOf(request.remoteAddress());
  }

  /** The address part of "host:port" (IPv6 addresses contain colons too: cut at the last). */
  public static String ipOf(String remote) {
    int colon = remote.lastIndexOf(':');
    return colon > 0 ? remote.substring(0, colon) : remote;
  }

  private static Response headers(Response r, Decision d) {
    return r.withHeader("RateLimit-Limit", Long.toString(d.limit()))
        .withHeader("RateLimit-Remaining", Long.toString(d.remaining()))
        .withHeader("RateLimit-Reset", Long.toString(d.resetSeconds()));
  }
}
