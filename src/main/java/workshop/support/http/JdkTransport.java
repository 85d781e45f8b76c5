package workshop.support.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@link WebServer.Engine#JDK}: the JDK's built-in {@code com.sun.net.httpserver}. Its dispatcher
 * thread parses each request and hands the exchange to the executor (a virtual thread per request
 * unless a server sets its own); this class turns the exchange into a {@link Request}, runs the
 * server's handler chain, and writes the {@link Response} back. The only class that knows the JDK
 * server.
 */
final class JdkTransport implements WebServer.Transport {
  static {
    // Answer in one segment without waiting for the peer's delayed ACK (Nagle), and keep enough
    // idle keep-alive connections for a class-sized load test; the JDK defaults are false and 200.
    setIfAbsent("sun.net.httpserver.nodelay", "true");
    setIfAbsent("sun.net.httpserver.maxIdleConnections", "1024");
  }

  private final WebServer server;
  private final HttpServer http;
  private final ExecutorService executor;

  /**
   * @param executor null for one virtual thread per request
   */
  JdkTransport(WebServer server, InetSocketAddress address, int backlog, ExecutorService executor)
      throws IOException {
    this.server = server;
    this.executor = executor != null ? executor : Executors.newVirtualThreadPerTaskExecutor();
    try {
      http = HttpServer.create(address, backlog);
    } catch (IOException e) {
      this.executor.shutdownNow();
      throw e;
    }
    http.setExecutor(this.executor);
    http.createContext("/", this::serve);
    http.start();
  }

  @Override
  public InetSocketAddress address() {
    return http.getAddress();
  }

  @Override
  public void close() {
    http.stop(0);
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
      if (!server.admit(peer, method, path)) {
        return; // closing the exchange unanswered closes the connection
      }
      Response response;
      try {
        byte[] body = readBody(exchange);
        response =
            server.handle(
                new Request(
                    method,
                    path,
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(),
                    body,
                    remote));
      } catch (HttpError e) {
        // Unread body bytes may follow a 413: this connection cannot carry another request.
        response = e.toResponse().withHeader("Connection", "close");
      }
      send(exchange, response, "HEAD".equals(method));
    } catch (IOException e) {
      // The caller went away mid-answer; nothing to tell it.
    }
  }

  private byte[] readBody(HttpExchange exchange) throws IOException {
    int limit = server.maxBodyBytes();
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      long length;
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("Content-Length '" + declared + "' is not a number");
      }
      if (length > limit) {
        throw WebServer.bodyTooLarge(length, limit);
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw WebServer.bodyTooLarge(-1, limit);
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

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
