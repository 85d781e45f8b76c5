package workshop.support.http;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The workshop's HTTP server: routes, filters, JSON errors, a request-size limit, the {@code
 * /health} and {@code /stats} convention, and the inbound side of the fault seam. It is the only
 * server class that callers see; underneath, {@link HelidonTransport} carries the bytes on Helidon
 * SE's web server (one virtual thread per connection) and hands every request to the handler chain
 * built here.
 *
 * <p>Every answer is JSON unless a handler says otherwise; a handler that throws {@link HttpError}
 * produces that status, any other exception a 500 with its message, never a stack trace. A request
 * that is not valid HTTP/1.1 or HTTP/1.0 gets a JSON 4xx (505 for another version) and its
 * connection closed. Every server also answers {@code GET /info} (what it is and what it is doing,
 * Redis's INFO) and {@code GET /clients} (its open connections, Redis's CLIENT LIST).
 *
 * <p>Slow and idle connections are closed: a keep-alive connection with no request for {@link
 * #DEFAULT_IDLE_TIMEOUT}, and one that takes longer than {@link #DEFAULT_HEAD_TIMEOUT} to send its
 * request head, {@link #DEFAULT_BODY_TIMEOUT} its body, or {@link #DEFAULT_WRITE_TIMEOUT} to take
 * an answer, so slow clients cannot hold sockets for ever.
 */
public final class WebServer implements AutoCloseable {
  /** Bodies above this many bytes get 413 unless a server sets its own limit. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /**
   * A keep-alive connection with no request for this long is closed: long enough for a student
   * pausing between two requests on one socket, short enough that abandoned sockets go away.
   */
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * From the end of the request line to the end of the head. Real clients send the head in one
   * packet; 20 s leaves room for a person typing headers into {@code nc} (nginx allows 60 s,
   * Apache's mod_reqtimeout 20-40 s).
   */
  static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(20);

  /** The whole body: 1 MiB in 30 s is 35 KB/s, slower than any link a workshop runs on. */
  static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

  /** An answer the client does not take within this is abandoned with its connection. */
  static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);

  /** How often deadlines are checked: the precision of every timeout above. */
  static final Duration DEFAULT_SWEEP_EVERY = Duration.ofSeconds(1);

  /** What bounds connections: the listen backlog and the timeouts above. */
  record Limits(
      int backlog,
      Duration idle,
      Duration head,
      Duration body,
      Duration write,
      Duration sweepEvery) {}

  /** Carries requests between the network and {@link #admit} / {@link #handle}. */
  interface Transport extends AutoCloseable {
    InetSocketAddress address();

    /** Stops accepting and ends every connection. */
    @Override
    void close();
  }

  private final String name;
  private final Handler chain;
  private final FaultPolicy faults;
  private final int maxBodyBytes;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final ServerActivity activity = new ServerActivity();
  private final Transport transport;

  private WebServer(Builder b) {
    this.name = b.name;
    this.faults = b.faults;
    this.maxBodyBytes = b.maxBodyBytes;
    Routes routes = b.routes;
    String secret = b.token != null ? b.token : AdminToken.fromEnvironment();
    if (secret != null || AdminToken.isLoopback(b.host)) {
      // Beyond loopback without a token, the fault layer's routes are left out rather than
      // stopping a server that has no other way to break things: it takes no faults.
      faults.addRoutes(routes);
    }
    Observable own = b.observable;
    if (!routes.has("GET", "/info")) {
      routes.get("/info", r -> Response.ok(ServerInfo.of(this, own)));
    }
    if (!routes.has("GET", "/clients")) {
      routes.get("/clients", r -> Response.ok(Map.of("clients", activity.clients())));
    }
    if (b.observable != null) {
      Observable o = b.observable;
      if (!routes.has("GET", "/health")) {
        routes.get("/health", r -> Response.ok(withFaults(o.health())));
      }
      if (!routes.has("GET", "/stats")) {
        routes.get("/stats", r -> Response.ok(o.stats()));
      }
    }
    Handler handler = routes;
    List<Filter> filters = new ArrayList<>(b.filters);
    for (int i = filters.size() - 1; i >= 0; i--) {
      Filter f = filters.get(i);
      Handler next = handler;
      handler = request -> f.apply(request, next);
    }
    this.chain = handler;
    routes.token(secret, AdminToken.required(b.host, routes.guardedRoutes(), secret) != null);
    InetSocketAddress address = new InetSocketAddress(b.host, b.port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(
          "cannot listen on " + b.host + ": no such host name or address on this machine");
    }
    try {
      this.transport =
          new HelidonTransport(
              this,
              address,
              new Limits(
                  b.backlog,
                  b.idleTimeout,
                  b.headTimeout,
                  b.bodyTimeout,
                  b.writeTimeout,
                  b.sweepEvery));
    } catch (BindException e) {
      throw new PortInUseException(b.host, b.port);
    } catch (java.io.UncheckedIOException e) {
      throw new IllegalStateException(
          "cannot listen on " + b.host + ":" + b.port + ": " + e.getCause().getMessage(), e);
    }
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The port actually bound (useful after asking for port 0). */
  public int port() {
    return transport.address().getPort();
  }

  public String host() {
    return transport.address().getHostString();
  }

  /** Base URL such as {@code http://127.0.0.1:5001}. */
  public String url() {
    String host = host();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port();
  }

  public String name() {
    return name;
  }

  /** Stops accepting, ends held (dropped) requests, and stops the handler threads. */
  @Override
  public void close() {
    stopped.countDown();
    transport.close();
  }

  Transport transport() {
    return transport;
  }

  int maxBodyBytes() {
    return maxBodyBytes;
  }

  ServerActivity activity() {
    return activity;
  }

  FaultPolicy faults() {
    return faults;
  }

  // ---- what every transport calls, per request ------------------------------------------------

  /**
   * Asks the fault seam about a request whose head has arrived, and waits out a delay. The answer
   * says what the transport does: handle it ({@link FaultAction.Pass}); close the connection
   * unanswered ({@link FaultAction.Reject}, or {@link FaultAction.Drop} after holding it silent
   * until the caller gave up); or handle it and then lose the answer ({@link
   * FaultAction.LoseAnswer}: call {@link #loseAnswer} instead of answering).
   *
   * @param net the caller's {@value Peers#NET_HEADER}, or null
   */
  FaultAction admit(String peer, String net, String method, String path) {
    FaultAction action = faults.inbound(peer, net, method, path);
    switch (action) {
      case FaultAction.Pass p -> {}
      case FaultAction.Delay d -> pause(d.by().toMillis());
      case FaultAction.LoseAnswer l -> pause(l.delay().toMillis());
      case FaultAction.Drop d -> holdSilent();
      case FaultAction.Reject r -> {}
    }
    return action instanceof FaultAction.Delay ? FaultAction.PASS : action;
  }

  /** A handled request whose answer the fault seam lost: held silent, or cut off at once. */
  void loseAnswer(FaultAction.LoseAnswer lost) {
    if (!lost.refuse()) {
      holdSilent();
    }
  }

  /**
   * Holds the connection open and silent, as a firewall DROP would, until the caller gives up or
   * this server stops.
   */
  private void holdSilent() {
    try {
      stopped.await(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code /health} with the fault layer's {@code faults} added, when something is in force. */
  private Object withFaults(Object health) {
    Object inForce = faults.describe();
    if (inForce == null || !(health instanceof java.util.Map<?, ?> fields)) {
      return health;
    }
    java.util.Map<Object, Object> h = new java.util.LinkedHashMap<>(fields);
    h.put("faults", inForce);
    return h;
  }

  /** Runs the filters and routes; never throws: errors become JSON answers. */
  Response handle(Request request) {
    try {
      return chain.handle(request);
    } catch (HttpError e) {
      return e.toResponse();
    } catch (Exception e) {
      System.err.println(
          "[" + name + "] 500 on " + request.method() + " " + request.path() + ": " + describe(e));
      return Response.error(500, "internal_error", describe(e));
    }
  }

  /**
   * The 413 for a body over the limit.
   *
   * @param declared the Content-Length, or -1 when the body had none (chunked)
   */
  static HttpError bodyTooLarge(long declared, int limit) {
    return new HttpError(
        413,
        "body_too_large",
        (declared >= 0 ? "the body is " + declared + " bytes" : "the body is too large")
            + "; this server accepts at most "
            + limit
            + " bytes ("
            + (limit / 1024)
            + " KiB)");
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A timeout from the system property {@code workshop.http.<name>-ms} (milliseconds), else {@code
   * fallback}: an instructor can loosen or tighten them with {@code
   * WORKSHOP_JAVA_OPTS=-Dworkshop.http.head-timeout-ms=60000}, and tests shorten them.
   */
  static Duration setting(String name, Duration fallback) {
    String value = System.getProperty("workshop.http." + name + "-ms");
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long millis = Long.parseLong(value.strip());
      if (millis > 0) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException e) {
      // fall through: a wrong setting must not stop a server
    }
    System.err.println(
        "ignoring -Dworkshop.http." + name + "-ms=" + value + ": expected a positive number of ms");
    return fallback;
  }

  /** Configures a {@link WebServer}; {@link #start()} binds and serves. */
  public static final class Builder {
    private final String name;
    private String host = "127.0.0.1";
    private int port = 0;
    private int backlog = 1024;
    private Routes routes = new Routes();
    private final List<Filter> filters = new ArrayList<>();
    private Observable observable;
    private FaultPolicy faults = FaultPolicy.NONE;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration idleTimeout = setting("idle-timeout", DEFAULT_IDLE_TIMEOUT);
    private Duration headTimeout = setting("head-timeout", DEFAULT_HEAD_TIMEOUT);
    private Duration bodyTimeout = setting("body-timeout", DEFAULT_BODY_TIMEOUT);
    private Duration writeTimeout = setting("write-timeout", DEFAULT_WRITE_TIMEOUT);
    private Duration sweepEvery = setting("sweep-every", DEFAULT_SWEEP_EVERY);
    private String token;

    private Builder(String name) {
      this.name = name;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** 0 picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder routes(Routes routes) {
      this.routes = routes;
      return this;
    }

    /** Filters run in the order added, outermost first. */
    public Builder filter(Filter filter) {
      filters.add(filter);
      return this;
    }

    /**
     * The secret guarded routes ({@link Routes.Guard}) demand when this server listens beyond
     * loopback, and that marks a request {@link Request#provedToken} anywhere (default: {@value
     * AdminToken#ENV}; null keeps the default).
     */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    public Builder observe(Observable observable) {
      this.observable = observable;
      return this;
    }

    public Builder faults(FaultPolicy faults) {
      this.faults = faults;
      return this;
    }

    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** Closes keep-alive connections idle this long. */
    Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /**
     * Closes a connection that takes longer than these to send its request head or body, or to take
     * its answer; checks every {@code sweepEvery}.
     */
    Builder slowClientTimeouts(Duration head, Duration body, Duration write, Duration sweepEvery) {
      this.headTimeout = head;
      this.bodyTimeout = body;
      this.writeTimeout = write;
      this.sweepEvery = sweepEvery;
      return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws PortInUseException when the port is taken
     */
    public WebServer start() {
      return new WebServer(this);
    }
  }
}
