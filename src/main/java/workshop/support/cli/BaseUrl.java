package workshop.support.cli;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks of URL flags such as {@code --registry}: a plain {@code http://host[:port]}. */
public final class BaseUrl {
  private BaseUrl() {}

  /** The URL without a trailing slash; a {@link UserError} naming the flag when it is not one. */
  public static String check(String flag, String value) {
    String v = value.strip();
    if (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    try {
      URI uri = new URI(v);
      boolean plain =
          "http".equals(uri.getScheme())
              && uri.getHost() != null
              && (uri.getPort() == -1 || uri.getPort() >= 1 && uri.getPort() <= 65_535)
              && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null
              && uri.getRawUserInfo() == null;
      if (plain) {
        return v;
      }
    } catch (URISyntaxException e) {
      // Reported below, with what was given.
    }
    throw new UserError(flag + " must be a URL like http://localhost:5000; got '" + value + "'");
  }
}
