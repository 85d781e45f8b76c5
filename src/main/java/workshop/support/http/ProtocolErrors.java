package workshop.support.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.DirectHandler.EventType;
import java.util.regex.Pattern;

/**
 * The JSON answers to requests refused before they reach the routes: the request line, a header or
 * the framing is not HTTP/1.1 (or 1.0), the head or the body is too large, or the version is
 * neither 1.1 nor 1.0 (HTTP/2 without TLS, HTTP/0.9, a made-up one). Each says what was wrong in
 * the workshop's one error shape, {@code {"error", "detail", "status"}}, and closes the connection
 * (what follows a broken request cannot be trusted to be a request).
 */
final class ProtocolErrors {
  /** What the server library says when it keeps its reason to itself. */
  private static final String UNSAID = "see server log";

  private static final Pattern VERSION = Pattern.compile("HTTP/[0-9]+(\\.[0-9]+)?");

  private ProtocolErrors() {}

  static Response answer(
      DirectHandler.TransportRequest request,
      EventType type,
      int status,
      String message,
      WebServer server) {
    String said = message == null || message.isBlank() || message.contains(UNSAID) ? null : message;
    String version = versionOf(request);
    boolean otherVersion = VERSION.matcher(version).matches() && !version.equals("HTTP/1.1");
    if (type == EventType.HTTP_VERSION_NOT_SUPPORTED || (status == 400 && otherVersion)) {
      return versionNotSupported(version).withHeader("Connection", "close");
    }
    if (status == 500 && request.path().isEmpty()) {
      // The library failed on a request line it could not even split: the client's doing.
      status = 400;
    }
    Response answer =
        switch (status) {
          case 413 ->
              WebServer.bodyTooLarge(declaredLength(request), server.maxBodyBytes()).toResponse();
          case 414 ->
              Response.error(
                  414,
                  "uri_too_long",
                  "the request line is longer than "
                      + RequestHeadChecks.MAX_REQUEST_LINE_BYTES / 1024
                      + " KiB");
          case 431 -> headTooLarge(said);
          case 400 ->
              said != null && said.contains("Header size exceeded")
                  ? headTooLarge(null)
                  : Response.error(400, "malformed_request", malformed(request, said));
          case 501 ->
              Response.error(
                  501,
                  "not_implemented",
                  (said != null ? said : "this server cannot handle that request")
                      + "; send a plain or a chunked body");
          case 503 ->
              Response.error(
                  503, "overloaded", "the server is handling too many requests; try again");
          default ->
              Response.error(
                  status,
                  status >= 500 ? "internal_error" : "bad_request",
                  said != null ? said : "the request could not be handled");
        };
    return answer.withHeader("Connection", "close");
  }

  static Response versionNotSupported(String version) {
    return Response.error(
        505,
        "http_version_not_supported",
        "this server speaks HTTP/1.1 and HTTP/1.0, not "
            + (version.isEmpty() ? "that version" : version)
            + "; send HTTP/1.1");
  }

  /**
   * The version a refused request asked for. For a version it does not know, the library reports
   * the whole request line followed by '/', so the last word is taken.
   */
  private static String versionOf(DirectHandler.TransportRequest request) {
    String said = request.protocolVersion().strip();
    if (said.endsWith("/")) {
      said = said.substring(0, said.length() - 1);
    }
    return said.substring(said.lastIndexOf(' ') + 1);
  }

  private static Response headTooLarge(String said) {
    return said != null && said.contains("header fields")
        ? Response.error(431, "too_many_headers", said)
        : Response.error(
            431,
            "head_too_large",
            "the request head is larger than " + RequestHeadChecks.MAX_HEAD_BYTES / 1024 + " KiB");
  }

  private static String malformed(DirectHandler.TransportRequest request, String said) {
    OpenConnection connection = TrackedConnections.current();
    boolean http10 = connection != null && connection.reader().http10();
    if (http10 && said != null && said.startsWith("Host header must be present")) {
      return "an HTTP/1.0 request needs a Host header on this server (ab, curl --http1.0 and wget"
          + " send one): add a line such as Host: localhost";
    }
    if (said != null) {
      return "the request is not valid " + (http10 ? "HTTP/1.0" : "HTTP/1.1") + ": " + said;
    }
    if (request.path().isEmpty()) {
      return "malformed request line; expected METHOD /path HTTP/1.1, each line ending in CRLF,"
          + " such as GET / HTTP/1.1";
    }
    return "malformed request line '"
        + request.method()
        + " "
        + request.path()
        + "': the path must start with / and be percent-encoded (%XX with two hex digits; no"
        + " spaces or backslashes)";
  }

  private static long declaredLength(DirectHandler.TransportRequest request) {
    try {
      return request.headers().contentLength().orElse(-1);
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
