package workshop.tools.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import workshop.support.cli.UserError;

/** The URL checks the lab's tools share; every refusal is one line and exit code 2. */
final class Urls {
  private Urls() {}

  /**
   * {@code text} as an {@code http://} URL with a host, its path {@code /} when it had none.
   *
   * @throws UserError with the fix, when it is not one
   */
  static URI http(String text) {
    String t = text.strip();
    if (!t.contains("://")) {
      throw UserError.usage(
          "'" + text + "' has no scheme: write http://" + t + (t.contains("/") ? "" : "/"));
    }
    URI uri;
    try {
      uri = new URI(t);
    } catch (URISyntaxException e) {
      throw UserError.usage("'" + text + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw UserError.usage(
          "'"
              + text
              + "': only http:// URLs work here (the workshop's servers speak plain HTTP), not "
              + scheme
              + "://");
    }
    if (uri.getHost() == null) {
      throw UserError.usage("'" + text + "' has no host: write it like http://localhost:8001/");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65_535) {
      throw UserError.usage("'" + text + "': the port must be between 1 and 65535");
    }
    if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      uri = URI.create(scheme + "://" + uri.getRawAuthority() + "/" + query);
    }
    return uri;
  }

  /** {@code http://host:port} of {@code uri}, the port spelled out. */
  static String base(URI uri) {
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    return "http://" + uri.getHost() + ":" + port;
  }

  /** The path and query, as sent on the request line. */
  static String target(URI uri) {
    return uri.getRawQuery() == null
        ? uri.getRawPath()
        : uri.getRawPath() + "?" + uri.getRawQuery();
  }
}
