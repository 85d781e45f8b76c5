package workshop.support.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Safe by default: guarded routes ({@link Routes.Guard}: what stops, breaks, heals, moves or
 * deletes things, and what only a cluster's members call, such as heartbeats and replication) need
 * a shared secret when their server listens beyond this machine. The secret comes from the {@value
 * #ENV} environment variable, and callers send it as {@value #HEADER}, so a class sets it once in
 * each terminal. On 127.0.0.1 (the default) nobody else can connect and no token is needed.
 *
 * <p>A process sends its token only where {@link TokenTrust} allows: to addresses the operator gave
 * it and to those that proved the token, never to an address a stranger named.
 */
public final class AdminToken {
  public static final String HEADER = "X-Workshop-Token";
  public static final String ENV = "WORKSHOP_TOKEN";

  private AdminToken() {}

  /** {@value #ENV}, or null when unset or blank. */
  public static String fromEnvironment() {
    String t = System.getenv(ENV);
    return t == null || t.isBlank() ? null : t.strip();
  }

  /**
   * The token a server on {@code host} must demand for its guarded routes: none on a loopback
   * address or when it has none; otherwise {@code token}, and without one it must not start.
   *
   * @throws IllegalArgumentException when the server would expose guarded routes unguarded
   */
  static String required(String host, List<String> guarded, String token) {
    if (guarded.isEmpty() || isLoopback(host)) {
      return null;
    }
    if (token == null) {
      throw new IllegalArgumentException(
          "this server would listen on "
              + host
              + ", beyond this machine, with endpoints that change the cluster ("
              + String.join(", ", guarded)
              + "): set "
              + ENV
              + " to a secret of your choice in this terminal and in every terminal that runs"
              + " workshop commands against it, or keep the default --host 127.0.0.1");
    }
    return token;
  }

  /** True when {@code presented} is {@code expected}, compared in constant time. */
  static boolean matches(String expected, String presented) {
    return presented != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8),
            presented.strip().getBytes(StandardCharsets.UTF_8));
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
