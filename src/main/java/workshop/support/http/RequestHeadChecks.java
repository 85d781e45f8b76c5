package workshop.support.http;

import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

/**
 * Looks at each request head as the server library parses it, on the connection's own thread:
 * starts the head's deadline when the request line has arrived and ends it when the headers have,
 * and refuses what the library would accept but a workshop server should not. A refusal thrown here
 * becomes a JSON answer through {@link ProtocolErrors} and closes the connection.
 */
final class RequestHeadChecks implements Http1ConnectionListener {
  /** More header fields than this is a hostile or broken client (curl sends 3, browsers ~15). */
  static final int MAX_HEADER_FIELDS = 100;

  /** A request line longer than this gets 414 (the library's default is 4 KiB). */
  static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;

  /** A request head (all header lines) larger than this gets 431. */
  static final int MAX_HEAD_BYTES = 64 * 1024;

  private final ConnectionDeadlines deadlines;

  RequestHeadChecks(ConnectionDeadlines deadlines) {
    this.deadlines = deadlines;
  }

  @Override
  public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
    deadlines.begin(ConnectionDeadlines.Phase.HEAD);
    int length =
        prologue.method().length()
            + prologue.uriPath().rawPath().length()
            + (prologue.hasQuery() ? prologue.query().rawValue().length() + 1 : 0)
            + " HTTP/1.1".length()
            + 1;
    if (length > MAX_REQUEST_LINE_BYTES) {
      deadlines.end();
      throw refusal(Status.REQUEST_URI_TOO_LONG_414, "the request line is " + length + " bytes");
    }
  }

  @Override
  public void headers(ConnectionContext ctx, Headers headers) {
    if (!deadlines.end()) {
      throw HelidonTransport.tooSlow(ConnectionDeadlines.Phase.HEAD);
    }
    int fields = 0;
    int bytes = 0;
    for (Header h : headers) {
      for (String value : h.allValues()) {
        fields++;
        bytes += h.name().length() + value.length() + 4; // ": " and CRLF
      }
    }
    if (bytes > MAX_HEAD_BYTES) {
      throw refusal(HelidonTransport.statusOf(431), "Header size exceeded: " + bytes + " bytes");
    }
    if (fields > MAX_HEADER_FIELDS) {
      throw refusal(
          HelidonTransport.statusOf(431),
          "the request has "
              + fields
              + " header fields; this server accepts at most "
              + MAX_HEADER_FIELDS);
    }
    if (headers.contains(HeaderNames.CONTENT_LENGTH)
        && headers.get(HeaderNames.CONTENT_LENGTH).allValues().size() > 1) {
      // Two lengths make two readings of where the body ends (request smuggling, RFC 9112 6.3).
      throw refusal(
          Status.BAD_REQUEST_400,
          "the request has more than one Content-Length ("
              + headers.get(HeaderNames.CONTENT_LENGTH).values()
              + "); send exactly one");
    }
  }

  private static RequestException refusal(Status status, String message) {
    return RequestException.builder()
        .type(EventType.BAD_REQUEST)
        .status(status)
        .message(message)
        .setKeepAlive(false)
        .build();
  }
}
