package workshop.support.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where one process may send its token ({@value AdminToken#HEADER}): only to the addresses the
 * operator gave it (a node's {@code --registry}, a router's {@code --nodes}) and to those that
 * proved the token to this process (a member whose heartbeat carried it, or, for a node, a member
 * its registry vouches for the same way). Any other address gets calls without it. A process that
 * sent its token wherever it was told to call would hand it to the first stranger who named an
 * address: one heartbeat, and every call the registry makes there would carry the key to the
 * cluster.
 *
 * <p>Addresses are compared as {@code host:port}, the host as written (so {@code localhost} and
 * {@code 127.0.0.1} are two addresses, trusted one by one), the port 80 when none is written. Trust
 * only grows: an address that proved the token once keeps it until the process ends. Thread-safe.
 */
public final class TokenTrust {
  private final String token;
  private final Set<String> trusted = ConcurrentHashMap.newKeySet();

  private TokenTrust(String token) {
    this.token = token;
  }

  /** The token from {@value AdminToken#ENV} (or none), trusting no address yet. */
  public static TokenTrust fromEnvironment() {
    return new TokenTrust(AdminToken.fromEnvironment());
  }

  /** {@code token} (null: none), trusting no address yet. */
  public static TokenTrust of(String token) {
    return new TokenTrust(token == null || token.isBlank() ? null : token.strip());
  }

  /** No token: calls never carry one. */
  public static TokenTrust none() {
    return new TokenTrust(null);
  }

  /** The token, or null when this process has none. */
  public String token() {
    return token;
  }

  /**
   * From now on calls to {@code address} (a base URL, or {@code host:port}) carry the token. An
   * address that is not an http URL or {@code host:port} is ignored: nothing can be sent there.
   */
  public TokenTrust trust(String address) {
    String key = key(address);
    if (key != null) {
      trusted.add(key);
    }
    return this;
  }

  /** Whether calls to {@code address} carry the token (false when there is none to carry). */
  public boolean trusts(String address) {
    String key = key(address);
    return token != null && key != null && trusted.contains(key);
  }

  /** The addresses trusted so far, as {@code host:port}, sorted: for logs and tests. */
  public List<String> trusted() {
    return trusted.stream().sorted().toList();
  }

  /** The token to send on a call to {@code uri}, or null. */
  String tokenFor(URI uri) {
    if (token == null || uri.getHost() == null) {
      return null;
    }
    return trusted.contains(key(uri)) ? token : null;
  }

  private static String key(String address) {
    if (address == null || address.isBlank()) {
      return null;
    }
    String a = address.strip();
    try {
      URI uri = URI.create(a.contains("://") ? a : "http://" + a);
      return uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme()) ? null : key(uri);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String key(URI uri) {
    return uri.getHost().toLowerCase(Locale.ROOT) + ":" + (uri.getPort() < 0 ? 80 : uri.getPort());
  }
}
