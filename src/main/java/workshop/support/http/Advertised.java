package workshop.support.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The address a server tells others to reach it at, which is not always the one it listens on: a
 * node listening on every address ({@code --host 0.0.0.0}) is reached at one of this machine's
 * addresses, never at {@code 0.0.0.0} or {@code [0:0:0:0:0:0:0:0]}, which another machine cannot
 * call. {@code --advertise} names it outright ({@code http://10.0.0.5:5001}, {@code 10.0.0.5},
 * {@code laptop.local:6001}).
 *
 * <p>Without {@code --advertise}: a loopback host is advertised as {@code 127.0.0.1} (or {@code
 * [::1]}); a specific address as itself; every address ({@code 0.0.0.0}, {@code ::}) as this
 * machine's first non-loopback address, private IPv4 first (what a classroom network hands out),
 * then other IPv4, then global IPv6; with none, {@code 127.0.0.1}, since only this machine can
 * reach the node anyway.
 */
public final class Advertised {
  private Advertised() {}

  /**
   * The base URL to advertise for a server on {@code bindHost}:{@code port}.
   *
   * @param advertise the {@code --advertise} value, or null to choose from this machine's addresses
   * @throws IllegalArgumentException when {@code advertise} is not a URL or HOST[:PORT]
   */
  public static String url(String bindHost, int port, String advertise) {
    if (advertise != null && !advertise.isBlank()) {
      return parse(advertise, port);
    }
    return choose(bindHost, port, isWildcard(bindHost) ? machineAddresses() : List.of());
  }

  /**
   * {@code --advertise} as a base URL: {@code http://host:port} as given, or a HOST[:PORT] with
   * {@code port} when it names none.
   *
   * @throws IllegalArgumentException naming the forms it takes
   */
  public static String parse(String advertise, int port) {
    String a = advertise.strip();
    String hint =
        "--advertise takes a URL or HOST[:PORT] other machines reach this server at, such as"
            + " http://192.168.1.20:5001 or 192.168.1.20; got '"
            + advertise
            + "'";
    URI uri;
    try {
      uri = URI.create(a.contains("://") ? a : "http://" + a);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(hint);
    }
    String path = uri.getRawPath();
    if (!"http".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || (path != null && !path.isEmpty() && !path.equals("/"))) {
      throw new IllegalArgumentException(hint);
    }
    int p = uri.getPort() < 0 ? port : uri.getPort();
    if (p < 1 || p > 65_535) {
      throw new IllegalArgumentException(hint);
    }
    if (isWildcard(stripBrackets(uri.getHost()))) {
      throw new IllegalArgumentException(
          "--advertise must be an address other machines can call, not " + uri.getHost());
    }
    return "http://" + uri.getHost() + ":" + p;
  }

  /**
   * The base URL to advertise for a server on {@code bindHost}:{@code port}, given this machine's
   * addresses (consulted only for a wildcard host).
   */
  static String choose(String bindHost, int port, List<InetAddress> machine) {
    String host = stripBrackets(bindHost);
    if (isWildcard(host)) {
      List<InetAddress> usable = new ArrayList<>();
      for (InetAddress a : machine) {
        if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress()) {
          usable.add(a);
        }
      }
      usable.sort(Comparator.comparingInt(Advertised::preference));
      return usable.isEmpty() ? "http://127.0.0.1:" + port : url(usable.get(0), port);
    }
    if (host.equalsIgnoreCase("localhost")) {
      return "http://127.0.0.1:" + port;
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** This machine's addresses, of interfaces that are up; empty when they cannot be listed. */
  static List<InetAddress> machineAddresses() {
    List<InetAddress> all = new ArrayList<>();
    try {
      for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (n.isUp() && !n.isLoopback()) {
          all.addAll(Collections.list(n.getInetAddresses()));
        }
      }
    } catch (SocketException e) {
      // No list: advertise loopback, which is true for this machine at least.
    }
    return all;
  }

  /**
   * Whether {@code host} means every address of this machine ({@code 0.0.0.0}, {@code ::}). Only an
   * address written as digits can; a name is never looked up.
   */
  public static boolean isWildcard(String host) {
    String h = stripBrackets(host);
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static int preference(InetAddress a) {
    if (a instanceof Inet4Address) {
      return a.isSiteLocalAddress() ? 0 : 1;
    }
    return a instanceof Inet6Address && !a.isSiteLocalAddress() ? 2 : 3;
  }

  private static String url(InetAddress a, int port) {
    String h = a.getHostAddress();
    int zone = h.indexOf('%');
    if (zone >= 0) {
      h = h.substring(0, zone);
    }
    return "http://" + (a instanceof Inet6Address ? "[" + h + "]" : h) + ":" + port;
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
