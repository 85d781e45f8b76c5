package workshop.support.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One keep-alive connection that sends the same request again and again, for the load generator's
 * workers: the request is encoded once, and the connection reopens by itself after the server
 * closes it. Not thread-safe: one per worker and target.
 */
public final class KeepAliveConnection implements AutoCloseable {
  /** The answer to one request: its status and the value of the header asked for, or null. */
  public record Answer(int status, String header) {}

  private final String host;
  private final int port;
  private final byte[] request;
  private final int timeoutMillis;
  private final String wantedHeader;
  private final boolean head;
  private HttpConnection connection;

  /**
   * @param url the full URL to call, e.g. {@code http://127.0.0.1:5001/data}
   * @param body the body to send with every request, or null
   * @param wantedHeader a response header to report in {@link Answer#header()}, or null
   */
  public KeepAliveConnection(
      String method, String url, byte[] body, Duration timeout, String wantedHeader) {
    URI uri = URI.create(url);
    this.host = uri.getHost();
    this.port = uri.getPort() < 0 ? 80 : uri.getPort();
    this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
    this.wantedHeader = wantedHeader;
    this.head = method.equals("HEAD");
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target += "?" + uri.getRawQuery();
    }
    Map<String, String> headers =
        body == null
            ? Map.of("User-Agent", "dsworkshop", Peers.HEADER, "load-client")
            : Map.of(
                "User-Agent",
                "dsworkshop",
                Peers.HEADER,
                "load-client",
                "Content-Type",
                Response.JSON);
    this.request = HttpConnection.encode(method, target, host + ":" + port, headers, body);
  }

  /**
   * Sends the request once and reads the whole answer.
   *
   * @throws CallFailure when no complete answer arrives
   */
  public Answer call() {
    try {
      if (connection == null || !connection.reusable()) {
        close();
        connection = new HttpConnection(host, port, timeoutMillis);
      }
      ClientResponse r = connection.exchange(request, timeoutMillis, head);
      return new Answer(r.status(), wantedHeader == null ? null : r.header(wantedHeader));
    } catch (SocketTimeoutException e) {
      close();
      throw new CallFailure(
          CallFailure.Kind.TIMEOUT,
          url(),
          "no answer from " + host + ":" + port + " within " + timeoutMillis + " ms",
          e);
    } catch (ConnectException e) {
      close();
      throw new CallFailure(
          CallFailure.Kind.REFUSED, url(), "nothing is listening on " + host + ":" + port, e);
    } catch (IOException | RuntimeException e) {
      close();
      throw new CallFailure(
          CallFailure.Kind.RESET,
          url(),
          host + ":" + port + " closed the connection without a proper answer",
          e);
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  private String url() {
    return "http://" + host + ":" + port;
  }
}
