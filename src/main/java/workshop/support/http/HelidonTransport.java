package workshop.support.http;

import io.helidon.common.socket.SocketOptions;
import io.helidon.http.DirectHandler;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries requests between the network and a {@link WebServer} on Helidon SE's web server: one
 * virtual thread per connection reads each request, runs the server's handler chain and writes the
 * answer, with no hand-off between threads. The only class that knows the server library.
 *
 * <p>What the library does not do by itself, this class adds: every request it refuses before
 * routing (malformed request line or header, bad framing, oversized head or body, unsupported
 * version) gets the workshop's JSON error from {@link ProtocolErrors} instead of an empty 400;
 * {@link RequestHeadChecks} refuses heads the library would accept (too many fields, a doubled
 * Content-Length); and {@link ConnectionDeadlines} closes a connection whose head, body or answer
 * takes too long, which the library's idle timeout covers only while it waits for a request line.
 */
final class HelidonTransport implements WebServer.Transport {
  /**
   * The library refuses lines and heads over these while still reading them, and closes with the
   * rest unread, which makes the client's TCP stack discard the answer (a reset). Up to these sizes
   * the whole head is read first and {@link RequestHeadChecks} applies the workshop's smaller
   * limits to it, so the refusal arrives intact.
   */
  private static final int READ_REQUEST_LINE_BYTES = 2 * RequestHeadChecks.MAX_REQUEST_LINE_BYTES;

  private static final int READ_HEAD_BYTES = 2 * RequestHeadChecks.MAX_HEAD_BYTES;

  /**
   * The library's loggers print start-up banners and per-connection warnings with stack traces; the
   * workshop reports what matters itself (a port in use, a 500), so they are silenced.
   */
  private static final Logger LIBRARY_LOG = quiet("io.helidon");

  /** Far more header names than the workshop's servers and their clients use. */
  private static final int MAX_CACHED_HEADER_NAMES = 512;

  private static final Map<String, HeaderName> HEADER_NAMES = new ConcurrentHashMap<>();

  private final WebServer server;
  private final InetSocketAddress requested;
  private final int port;
  private final ConnectionDeadlines deadlines;
  private final io.helidon.webserver.WebServer http;

  HelidonTransport(WebServer server, InetSocketAddress address, WebServer.Limits limits)
      throws BindException {
    this.server = server;
    this.requested = address;
    this.deadlines =
        new ConnectionDeadlines(
            new ConnectionDeadlines.Limits(limits.head(), limits.body(), limits.write()),
            limits.sweepEvery());
    DirectHandlers.Builder refusals = DirectHandlers.builder();
    for (EventType type : EventType.values()) {
      refusals.addHandler(type, this::refuse);
    }
    try {
      this.http =
          io.helidon.webserver.WebServer.builder()
              .host(address.getHostString())
              .port(address.getPort())
              .backlog(limits.backlog())
              // Above the server's own limit, up to this many bytes are read and dropped before
              // the 413, so the client, still sending, reads the answer instead of a reset.
              .maxPayloadSize(drainLimit(server.maxBodyBytes()))
              .idleConnectionTimeout(limits.idle())
              .idleConnectionPeriod(limits.sweepEvery())
              .shutdownGracePeriod(Duration.ZERO)
              // Each workshop process stops its servers itself, in order.
              .shutdownHook(false)
              .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
              .errorHandling(ErrorHandling.builder().includeEntity(true).build())
              .directHandlers(refusals.build())
              // Only the protocol configured here: a discovered default HTTP/1.1 set-up would
              // take the connections first, without the checks below.
              .protocolsDiscoverServices(false)
              .featuresDiscoverServices(false)
              // Every connection through one selector, which serves HTTP/1.0 as well and records
              // each connection for /clients (see TrackedConnections).
              .addConnectionSelector(
                  new TrackedConnections(
                      Http1Config.builder()
                          .maxPrologueLength(READ_REQUEST_LINE_BYTES)
                          .maxHeadersSize(READ_HEAD_BYTES)
                          .receiveLog(false)
                          .sendLog(false)
                          // HTTP/1.1 connections persist unless a side says close (RFC 9112
                          // 9.3): "Connection: keep-alive" on every answer would be 24 bytes that
                          // every client (the balancer's included) parses for nothing. HTTP/1.0
                          // answers get it when the request asked (see serve).
                          .sendKeepAliveHeader(false)
                          .addReceiveListener(new RequestHeadChecks(deadlines))
                          .build(),
                      server.activity()))
              .routing(HttpRouting.builder().any(this::serve))
              .build()
              .start();
      if (!http.isRunning()) {
        // The library logs why a listener failed and returns a stopped server; find out.
        throw whyNotListening(address);
      }
      // Kept: a stopped server reports no port, and callers still name the one it had.
      this.port = http.port();
    } catch (UncheckedIOException e) {
      deadlines.close();
      if (e.getCause() instanceof BindException bind) {
        throw bind;
      }
      throw e;
    } catch (RuntimeException e) {
      deadlines.close();
      throw e;
    }
  }

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress(requested.getAddress(), port);
  }

  @Override
  public void close() {
    http.stop();
    deadlines.close();
  }

  ConnectionDeadlines deadlines() {
    return deadlines;
  }

  // ---- per request ------------------------------------------------------------------------------

  private void serve(ServerRequest req, ServerResponse res) {
    String method = req.prologue().method().text();
    String path = req.path().rawPath();
    OpenConnection connection = TrackedConnections.current();
    ServerActivity activity = server.activity();
    activity.began(connection, method, path);
    try {
      serve(req, res, method, path, connection);
    } finally {
      activity.ended(connection);
    }
  }

  private void serve(
      ServerRequest req,
      ServerResponse res,
      String method,
      String path,
      OpenConnection connection) {
    String remote = remoteOf(req);
    TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Header h : req.headers()) {
      headers.computeIfAbsent(h.name(), k -> new ArrayList<>(1)).addAll(h.allValues());
    }
    List<String> declared = headers.get(Peers.HEADER);
    String peer =
        declared != null && !declared.isEmpty() && !declared.get(0).isBlank()
            ? declared.get(0)
            : remote;
    if (!path.startsWith("/")) {
      send(res, notAPath(method, path), false);
      return;
    }
    List<String> net = headers.get(Peers.NET_HEADER);
    FaultAction admitted =
        server.admit(peer, net == null || net.isEmpty() ? null : net.get(0), method, path);
    if (admitted instanceof FaultAction.Drop || admitted instanceof FaultAction.Reject) {
      throw new CloseConnectionException("the fault policy refused " + method + " " + path);
    }
    Response response;
    try {
      long declaredLength = req.headers().contentLength().orElse(-1);
      if (declaredLength > server.maxBodyBytes()) {
        refuseAndDrain(req, res, declaredLength);
        return;
      }
      byte[] body = req.content().hasEntity() ? readBody(req) : new byte[0];
      String query = req.query().rawValue();
      response =
          server.handle(
              Request.parsed(method, path, query.isEmpty() ? null : query, headers, body, remote));
    } catch (HttpError e) {
      // The body was not read to its end: this connection cannot carry another request.
      response = e.toResponse().withHeader("Connection", "close");
    }
    if (admitted instanceof FaultAction.LoseAnswer lost) {
      server.loseAnswer(lost);
      throw new CloseConnectionException("the fault policy lost the answer to " + path);
    }
    if (connection != null && connection.reader().http10()) {
      response = Http10.answer(response, headers.get("Connection"));
    }
    send(res, response, method.equals("HEAD"));
  }

  /**
   * "host:port" of the connection's other end. The library makes a new peer object, reading the
   * channel's address, each time it is asked: once per request is enough.
   */
  private static String remoteOf(ServerRequest req) {
    SocketAddress address = req.remotePeer().address();
    return address instanceof InetSocketAddress inet
        ? inet.getHostString() + ":" + inet.getPort()
        : String.valueOf(address);
  }

  private byte[] readBody(ServerRequest req) {
    int limit = server.maxBodyBytes();
    byte[] body;
    deadlines.begin(ConnectionDeadlines.Phase.BODY);
    try (InputStream in = req.content().inputStream()) {
      body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      if (!deadlines.end()) {
        throw tooSlow(ConnectionDeadlines.Phase.BODY);
      }
    } catch (RequestException e) {
      // Thrown while decoding a chunked body: a bad chunk size, or more than the limit.
      if (e.status().code() == 413) {
        throw WebServer.bodyTooLarge(-1, limit);
      }
      throw badChunk(e.getMessage());
    } catch (NumberFormatException e) {
      // The library reads a chunk-size line as a bare hex number.
      throw badChunk(e.getMessage());
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deadlines.end(); // when the read failed; a no-op after the end above
    }
    if (body.length > limit) {
      throw WebServer.bodyTooLarge(-1, limit);
    }
    return body;
  }

  /**
   * Answers 413 at once, then reads and drops the rest of the body (up to {@link #drainLimit})
   * before closing: a client sends its whole body before it reads the answer, and a connection
   * closed on unread bytes is reset, which can lose the 413 on its way.
   */
  private void refuseAndDrain(ServerRequest req, ServerResponse res, long declaredLength) {
    Response answer = WebServer.bodyTooLarge(declaredLength, server.maxBodyBytes()).toResponse();
    CloseConnectionException closing;
    try {
      send(res, answer.withHeader("Connection", "close"), false);
      closing = new CloseConnectionException("the answer said Connection: close");
    } catch (CloseConnectionException e) {
      closing = e;
    }
    if (req.headers().contains(HeaderNames.EXPECT)) {
      // The client waits for 100 Continue before it sends the body; the 413 tells it not to.
      throw closing;
    }
    deadlines.begin(ConnectionDeadlines.Phase.BODY);
    try (InputStream in = req.content().inputStream()) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (java.io.IOException | RuntimeException e) {
      // Whatever became of the rest of the body, the answer is sent and the connection closes.
    } finally {
      deadlines.end();
      Thread.interrupted(); // the sweeper's interrupt, if the client stopped sending
    }
    throw closing;
  }

  /** The most bytes read from one body: the limit and seven times as much again to drop. */
  static long drainLimit(int limit) {
    return 8L * limit;
  }

  /** CONNECT, {@code OPTIONS *} and absolute URLs: what a proxy or a whole server is asked. */
  private static Response notAPath(String method, String target) {
    String detail =
        method
            + " "
            + target
            + ": this server answers requests for paths such as /health; it is not a proxy"
            + " (CONNECT and absolute URLs are for proxies) and has no server-wide OPTIONS";
    Response answer =
        method.equals("CONNECT")
            ? Response.error(405, "method_not_allowed", detail)
            : Response.error(400, "malformed_request", detail);
    return answer.withHeader("Connection", "close");
  }

  private static HttpError badChunk(String why) {
    return HttpError.badRequest(
        "the chunked body is malformed ("
            + why
            + "); each chunk is its size in hex, CRLF, the bytes, CRLF, and a chunk of size 0 ends"
            + " the body (chunk extensions after ';' are not accepted)");
  }

  private void send(ServerResponse res, Response response, boolean head) {
    server.activity().answered(response.status());
    res.status(statusOf(response.status()));
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      res.header(HeaderValues.create(headerName(h.getKey()), h.getValue()));
    }
    byte[] body = response.body();
    if (head) {
      // The answer to HEAD has no body; its length says what a GET would get.
      if (response.header("Content-Length") == null) {
        res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length));
      }
      body = new byte[0];
    }
    deadlines.begin(ConnectionDeadlines.Phase.WRITE);
    boolean inTime;
    try {
      res.send(body);
    } finally {
      inTime = deadlines.end();
    }
    if (!inTime) {
      throw tooSlow(ConnectionDeadlines.Phase.WRITE);
    }
    if ("close".equalsIgnoreCase(response.header("Connection"))) {
      throw new CloseConnectionException("the answer said Connection: close");
    }
  }

  /**
   * The library's name object for a header name as handlers spell it, made once per spelling:
   * making one lower-cases the name twice, for every header of every answer. Capped, as a proxy
   * relays whatever names its backends invent.
   */
  static HeaderName headerName(String name) {
    HeaderName known = HEADER_NAMES.get(name);
    if (known == null) {
      known = HeaderNames.create(name);
      if (HEADER_NAMES.size() < MAX_CACHED_HEADER_NAMES) {
        HEADER_NAMES.putIfAbsent(name, known);
      }
    }
    return known;
  }

  /** Ends a connection whose phase expired just as it finished; it is being closed anyway. */
  static CloseConnectionException tooSlow(ConnectionDeadlines.Phase phase) {
    Thread.interrupted(); // the sweeper's interrupt, if it came before this: nothing to wake
    return new CloseConnectionException("the client took too long to " + phase.doing());
  }

  // ---- before routing -------------------------------------------------------------------------

  /** The JSON answer to a request refused before it reached the routes. */
  private DirectHandler.TransportResponse refuse(
      DirectHandler.TransportRequest request,
      EventType type,
      Status status,
      io.helidon.http.ServerResponseHeaders headers,
      String message) {
    Response answer = ProtocolErrors.answer(request, type, status.code(), message, server);
    server.activity().answered(answer.status());
    DirectHandler.TransportResponse.Builder out =
        DirectHandler.TransportResponse.builder()
            .status(statusOf(answer.status()))
            .keepAlive(false)
            .entity(answer.body());
    for (Map.Entry<String, String> h : answer.headers().entrySet()) {
      out.header(HeaderNames.create(h.getKey()), h.getValue());
    }
    return out.build();
  }

  /** The status with its reason phrase; the library knows most, but not 429 or 431. */
  static Status statusOf(int code) {
    return switch (code) {
      case 429 -> Status.create(429, "Too Many Requests");
      case 431 -> Status.create(431, "Request Header Fields Too Large");
      default -> Status.create(code);
    };
  }

  private static RuntimeException whyNotListening(InetSocketAddress address) {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.bind(address);
    } catch (java.io.IOException e) {
      return new UncheckedIOException(e);
    }
    return new IllegalStateException("the HTTP server did not start on " + address);
  }

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.OFF);
    return logger;
  }
}
