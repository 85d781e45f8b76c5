package workshop.support.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The workshop's HTTP server: routes, filters, JSON errors, a request-size limit, the {@code
 * /health} and {@code /stats} convention, and the inbound side of the fault seam. It is the only
 * class that knows the server library (the JDK's {@code com.sun.net.httpserver}, chosen because a
 * node starts in a fraction of a second with no dependency and serves tens of thousands of requests
 * per second).
 *
 * <p>Every answer is JSON unless a handler says otherwise; a handler that throws {@link HttpError}
 * produces that status, any other exception a 500 with its message, never a stack trace.
 */
public final class WebServer implements AutoCloseable {
  /** Bodies above this many bytes get 413 unless a server sets its own limit. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  static {
    // Answer in one segment without waiting for the peer's delayed ACK (Nagle), and keep enough
    // idle keep-alive connections for a class-sized load test; the JDK defaults are false and 200.
    setIfAbsent("sun.net.httpserver.nodelay", "true");
    setIfAbsent("sun.net.httpserver.maxIdleConnections", "1024");
  }

  private final String name;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Handler chain;
  private final FaultPolicy faults;
  private final int maxBodyBytes;
  private final CountDownLatch stopped = new CountDownLatch(1);

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
    this.executor = b.executor != null ? b.executor : Executors.newVirtualThreadPerTaskExecutor();
    try {
      server = HttpServer.create(new InetSocketAddress(b.host, b.port), b.backlog);
    } catch (BindException e) {
      executor.shutdownNow();
      throw new PortInUseException(b.host, b.port);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new IllegalStateException(
          "cannot listen on " + b.host + ":" + b.port + ": " + e.getMessage(), e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The port actually bound (useful after asking for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  public String host() {
    return server.getAddress().getHostString();
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
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void serve(HttpExchange exchange) {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      String remote = remote(exchange);
      String peerHeader = exchange.getRequestHeaders().getFirst(Peers.HEADER);
      String peer = peerHeader != null && !peerHeader.isBlank() ? peerHeader : remote;
      if (!applyInboundFault(faults.inbound(peer, method, path))) {
        return;
      }
      Response response;
      try {
        byte[] body = readBody(exchange);
        Request request =
            new Request(
                method,
                path,
                exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(),
                body,
                remote);
        response = chain.handle(request);
      } catch (HttpError e) {
        response = e.toResponse();
      } catch (BodyTooLarge e) {
        response =
            Response.error(413, "body_too_large", e.getMessage()).withHeader("Connection", "close");
      } catch (Exception e) {
        System.err.println("[" + name + "] 500 on " + method + " " + path + ": " + describe(e));
        response = Response.error(500, "internal_error", describe(e));
      }
      send(exchange, response, "HEAD".equals(method));
    } catch (IOException e) {
      // The caller went away mid-answer; nothing to tell it.
    }
  }

  /** Returns false when the request must get no answer at all. */
  private boolean applyInboundFault(FaultAction action) {
    switch (action) {
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

  private byte[] readBody(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      long length;
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("Content-Length '" + declared + "' is not a number");
      }
      if (length > maxBodyBytes) {
        throw new BodyTooLarge(length, maxBodyBytes);
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        throw new BodyTooLarge(-1, maxBodyBytes);
      }
      return body;
    }
  }

  private static void send(HttpExchange exchange, Response response, boolean head)
      throws IOException {
    var headers = exchange.getResponseHeaders();
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
    byte[] body = response.body();
    if (head || body.length == 0) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String remote(HttpExchange exchange) {
    InetSocketAddress a = exchange.getRemoteAddress();
    return a == null ? "unknown" : a.getAddress().getHostAddress() + ":" + a.getPort();
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

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  private static final class BodyTooLarge extends RuntimeException {
    BodyTooLarge(long declared, int limit) {
      super(
          (declared >= 0 ? "the body is " + declared + " bytes" : "the body is too large")
              + "; this server accepts at most "
              + limit
              + " bytes ("
              + (limit / 1024)
              + " KiB)");
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

    /** Runs handlers on this executor instead of one virtual thread per request. */
    public Builder executor(ExecutorService executor) {
      this.executor = executor;
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
