package workshop.fault.proxy;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import workshop.fault.http.NetFaults;
import workshop.support.http.Observable;
import workshop.support.json.Json;

/**
 * A TCP proxy in front of a process that is not a workshop server (the original's Python nodes, a
 * real Redis), so that the same {@code ./workshop net} faults reach it: it listens on a port of its
 * own, opens a connection to the upstream for each caller, and forwards bytes both ways, chunk by
 * chunk, through {@link NetFaults#message} and {@link workshop.fault.StreamDirection}. It is a
 * process with a name in the workshop's address book, where its entry points at a small admin HTTP
 * server ({@link ProxyAdmin}: {@code /health}, {@code /stats}, {@code /fault/net}) rather than at
 * the port it forwards, since that one speaks whatever its upstream speaks.
 *
 * <p>The proxy stands for its upstream: a caller's bytes travel from the caller to the proxy's name
 * and the answers back, so {@code delay redis 100ms} adds 100 ms to each chunk each way (a
 * request/answer round trip grows by 200 ms, as through a workshop server), and a partition or a
 * block between the proxy and a workshop process holds that process's bytes. The design follows
 * Toxiproxy's (a proxy per upstream, faults on the stream) with the workshop's own words.
 *
 * <p>Costs, with no fault: one read and one write per chunk on the reading thread; no copy, no
 * queue, no lock (see docs/PERFORMANCE.md for the time added per hop).
 */
public final class TcpProxy implements Observable, AutoCloseable {
  /** How long the upstream may take to accept a connection before the caller is reset. */
  static final int CONNECT_TIMEOUT_MILLIS = 2000;

  private final String name;
  private final InetSocketAddress upstream;
  private final NetFaults net;
  private final PrintStream log;
  private final ServerSocket listener;
  private final ProxyCounters counters = new ProxyCounters();
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private TcpProxy(
      ServerSocket listener, InetSocketAddress upstream, NetFaults net, PrintStream log) {
    this.name = net.name();
    this.listener = listener;
    this.upstream = upstream;
    this.net = net;
    this.log = log;
  }

  /**
   * Binds {@code host:port} (0: a free port), for {@link #start}.
   *
   * @throws java.net.BindException when the port is taken
   */
  public static ServerSocket bind(String host, int port) throws IOException {
    ServerSocket listener = new ServerSocket();
    try {
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(host, port), 1024);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    return listener;
  }

  /** Forwards every connection {@code listener} accepts to {@code upstream}. */
  public static TcpProxy start(
      ServerSocket listener, InetSocketAddress upstream, NetFaults net, PrintStream log) {
    TcpProxy proxy = new TcpProxy(listener, upstream, net, log);
    Thread.ofPlatform().daemon().name("proxy-accept-" + proxy.port()).start(proxy::accept);
    return proxy;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** "host:port" it listens on. */
  public String address() {
    return listener.getInetAddress().getHostAddress() + ":" + port();
  }

  /** "host:port" it forwards to. */
  public String upstream() {
    return upstream.getHostString() + ":" + upstream.getPort();
  }

  public String name() {
    return name;
  }

  NetFaults net() {
    return net;
  }

  ProxyCounters counters() {
    return counters;
  }

  void log(String line) {
    log.println("[proxy] " + name + ": " + line);
  }

  private void accept() {
    while (!closed) {
      Socket caller;
      try {
        caller = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          log("stopped accepting: " + e.getMessage());
        }
        return;
      }
      counters.accepted.increment();
      Thread.ofVirtual().name("proxy-connect").start(() -> connect(caller));
    }
  }

  private void connect(Socket caller) {
    Socket next = new Socket();
    try {
      caller.setTcpNoDelay(true);
      next.setTcpNoDelay(true);
      next.connect(upstream, CONNECT_TIMEOUT_MILLIS);
      Connection c = new Connection(this, caller, next);
      open.add(c);
      counters.open.increment();
      if (closed) {
        c.close();
        return;
      }
      c.start();
    } catch (IOException e) {
      counters.upstreamFailures.increment();
      log(
          "upstream "
              + upstream()
              + " "
              + (e instanceof java.net.SocketTimeoutException
                  ? "did not accept within " + CONNECT_TIMEOUT_MILLIS + " ms"
                  : "refused the connection (is it running?)")
              + "; reset the caller "
              + caller.getInetAddress().getHostAddress()
              + ":"
              + caller.getPort());
      resetQuietly(caller);
      closeQuietly(next);
    }
  }

  void forget(Connection c) {
    if (open.remove(c)) {
      counters.open.decrement();
    }
  }

  private static void resetQuietly(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException e) {
      // Closed already.
    }
    closeQuietly(s);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Closed already.
    }
  }

  @Override
  public Object health() {
    return Json.map(
        "status", "ok",
        "name", name,
        "listen", address(),
        "upstream", upstream(),
        "open_connections", counters.open.sum());
  }

  @Override
  public Map<String, Object> info() {
    return Json.map("role", "proxy", "listen", address(), "upstream", upstream());
  }

  @Override
  public Object stats() {
    return Json.map("name", name, "upstream", upstream(), "counters", counters.snapshot());
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    for (Connection c : open) {
      c.close();
    }
  }
}
