package workshop.support.http;

import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.0's rules for an answer, where they differ from HTTP/1.1's (RFC 9112 9.3 and appendix
 * C.2.2). A 1.0 connection closes after each answer unless the request said {@code Connection:
 * keep-alive}, and then the answer must say it too, or the client (ab -k among them) takes the
 * connection as closing. HTTP/1.0 has no chunked encoding: every workshop answer is sent whole with
 * its Content-Length, so a 1.0 client always knows where the body ends.
 */
final class Http10 {
  private Http10() {}

  /**
   * The answer to an HTTP/1.0 request, with the {@code Connection} field that says whether the
   * connection stays open.
   *
   * @param connection the request's {@code Connection} field values, or null without one
   */
  static Response answer(Response response, List<String> connection) {
    boolean closing = "close".equalsIgnoreCase(response.header("Connection"));
    return response.withHeader(
        "Connection", !closing && asksKeepAlive(connection) ? "keep-alive" : "close");
  }

  /** Whether a {@code Connection} field lists the {@code keep-alive} option (any case). */
  static boolean asksKeepAlive(List<String> connection) {
    if (connection == null) {
      return false;
    }
    for (String value : connection) {
      for (String option : value.split(",")) {
        if (option.strip().toLowerCase(Locale.ROOT).equals("keep-alive")) {
          return true;
        }
      }
    }
    return false;
  }
}
