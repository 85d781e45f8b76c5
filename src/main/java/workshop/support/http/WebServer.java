package workshop.support.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The workshop's HTTP server: routes, filters, JSON errors, a request-size limit, the {@code
 * /health} and {@code /stats} convention, and the inbound side of the fault seam. It is the only
 * server class that callers see; underneath, an {@link Engine} carries the bytes: the JDK's {@code
 * com.sun.net.httpserver} by default (a node starts in a fraction of a second with no dependency
 * and serves tens of thousands of requests per second), or the workshop's own {@link
 * VirtualThreadTransport} for hot paths such as the balancer. Both hand every request to the same
 * handler chain built here, so a handler behaves the same on either.
 *
 * <p>Every answer is JSON unless a handler says otherwise; a handler that throws {@link HttpError}
 * produces that status, any other exception a 500 with its message, never a stack trace.
 */
public final class WebServer implements AutoCloseable {
  /** Bodies above this many bytes get 413 unless a server sets its own limit. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /**
   * A keep-alive connection with no request for this long is closed (own engine only): the JDK's
   * server uses the same 30 s, long enough for a student pausing between two curls on one socket.
   */
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Which transport reads requests off the network and writes answers back. */
  public enum Engine {
    /**
     * The JDK's built-in server: one dispatcher thread parses every request and hands it to a
     * virtual thread. Starts fastest; the default for every module.
     */
    JDK,
    /**
     * One virtual thread per connection reads, handles and answers its requests with no hand-off
     * between threads, so less CPU per request than {@link #JDK}. Used by the balancer.
     */
    VIRTUAL_THREAD_PER_CONNECTION
  }

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
  private final Transport transport;

  private WebServer(Builder b) {
    this.name = b.name;
    this.faults = b.faults;
    this.maxBodyBytes = b.maxBodyBytes;
    Routes routes = b.routes;
    if (b.observable != null) {
      Observable o = b.observable;
      if (!routes.has("GET", "/health")) {
        routes.get("/health", r -> Response.ok(o.health()));
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
    String token =
        AdminToken.required(
            b.host,
            routes.destructiveRoutes(),
            b.token != null ? b.token : AdminToken.fromEnvironment());
    routes.requireToken(token);
    InetSocketAddress address = new InetSocketAddress(b.host, b.port);
    try {
      this.transport =
          switch (b.engine) {
            case JDK -> new JdkTransport(this, address, b.backlog, b.executor);
            case VIRTUAL_THREAD_PER_CONNECTION ->
                new VirtualThreadTransport(this, address, b.backlog, b.idleTimeout);
          };
    } catch (BindException e) {
      throw new PortInUseException(b.host, b.port);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot listen on " + b.host + ":" + b.port + ": " + e.getMessage(), e);
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

  // ---- what every transport calls, per request ------------------------------------------------

  /**
   * Asks the fault seam about a request whose head has arrived. Returns false when it must get no
   * answer at all: the transport then closes the connection (after holding it, for a drop).
   */
  boolean admit(String peer, String method, String path) {
    switch (faults.inbound(peer, method, path)) {
      case FaultAction.Pass p -> {
        return true;
      }
      case FaultAction.Delay d -> {
        pause(d.by().toMillis());
        return true;
      }
      case FaultAction.Drop d -> {
        try {
          // Hold the connection open and silent, as a firewall DROP would, until the caller
          // gives up or this server stops.
          stopped.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return false;
      }
      case FaultAction.Reject r -> {
        return false;
      }
    }
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
    private ExecutorService executor;
    private Engine engine = Engine.JDK;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
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
     * The secret destructive routes demand when this server listens beyond loopback (default:
     * {@value AdminToken#ENV}).
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

    /**
     * Runs handlers on this executor instead of one virtual thread per request ({@link Engine#JDK}
     * only: the other engine runs each connection's requests on that connection's thread).
     */
    public Builder executor(ExecutorService executor) {
      this.executor = executor;
      return this;
    }

    /** The transport; {@link Engine#JDK} unless set. */
    public Builder engine(Engine engine) {
      this.engine = engine;
      return this;
    }

    /**
     * Closes keep-alive connections idle this long ({@link Engine#VIRTUAL_THREAD_PER_CONNECTION}).
     */
    Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
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
