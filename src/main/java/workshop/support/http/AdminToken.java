package workshop.support.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Safe by default: endpoints that kill, restart or break things ({@link Routes#destructive}) need a
 * shared secret when their server listens beyond this machine. The secret comes from the {@value
 * #ENV} environment variable; every workshop client sends it as {@value #HEADER} when it is set, so
 * a class sets it once in each terminal. On 127.0.0.1 (the default) nobody else can connect and no
 * token is needed.
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
   * The token a server on {@code host} must demand for its destructive routes: none on a loopback
   * address or when it has none; otherwise {@code token}, and without one it must not start.
   *
   * @throws IllegalArgumentException when the server would expose destructive routes unguarded
   */
  static String required(String host, List<String> destructive, String token) {
    if (destructive.isEmpty() || isLoopback(host)) {
      return null;
    }
    if (token == null) {
      throw new IllegalArgumentException(
          "this server would listen on "
              + host
              + ", beyond this machine, with endpoints that stop or break things ("
              + String.join(", ", destructive)
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
