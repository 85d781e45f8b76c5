package workshop.support.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pooled keep-alive HTTP/1.1 client for hot paths (the balancer's forwarding), with the same
 * contract as {@link WebClient#send}: whole answers, one timeout per call, failures as {@link
 * CallFailure}, {@value Peers#HEADER} on every call, and the outbound fault seam. It skips what a
 * general client does per request (interceptors, routing, cookie and auth handling), which on two
 * cores costs several times the server's own work.
 *
 * <p>A call on a reused connection that the peer had already closed (it restarted, or timed the
 * connection out) never reached it, and is retried once on a fresh connection. Thread-safe.
 *
 * <p>Timeouts: a watchdog thread looks at the calls in flight every {@value #WATCH_EVERY_MILLIS} ms
 * and ends those past their deadline, so a call times out at most that much after its timeout, and
 * no read carries a timer of its own (see {@link HttpConnection#expire}).
 */
public final class FastClient implements AutoCloseable {
  private final Duration timeout;
  private final String peerName;
  private final FaultPolicy faults;
  private final int maxIdlePerTarget;
  private final Map<String, Target> targets = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** How often the watchdog looks for calls past their deadline: the timeouts' precision. */
  static final long WATCH_EVERY_MILLIS = 10;

  /** Connections with a call in flight, for the watchdog. */
  private final Set<HttpConnection> busy = ConcurrentHashMap.newKeySet();

  private final Thread watchdog;

  public FastClient(Duration timeout, String peerName, FaultPolicy faults, int maxIdlePerTarget) {
    this.timeout = timeout;
    this.peerName = peerName;
    this.faults = faults;
    this.maxIdlePerTarget = maxIdlePerTarget;
    this.watchdog = Thread.ofVirtual().name("fast-client-watchdog").start(this::watch);
  }

  /**
   * Sends one request and reads the whole answer.
   *
   * @param body null for none
   * @throws CallFailure when no HTTP answer arrives
   */
  public ClientResponse send(
      String method, String url, Map<String, String> headers, byte[] body, Duration timeout) {
    URI uri = URI.create(url);
    String base = "http://" + uri.getRawAuthority();
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target += "?" + uri.getRawQuery();
    }
    return send(method, base, target, headers, body, timeout);
  }

  /**
   * Sends one request to {@code base} (such as {@code http://127.0.0.1:5001}, parsed once and
   * remembered) for {@code target} (path and query, such as {@code /data/k?x=1}).
   *
   * @param body null for none
   * @throws CallFailure when no HTTP answer arrives
   */
  public ClientResponse send(
      String method,
      String base,
      String target,
      Map<String, String> headers,
      byte[] body,
      Duration timeout) {
    Target to = targets.computeIfAbsent(base, Target::parse);
    String url = base + target;
    switch (faults.outbound(to.authority, method, target)) {
      case FaultAction.Pass p -> {}
      case FaultAction.Delay d -> pause(d.by().toMillis());
      case FaultAction.Drop d -> {
        pause(timeout.toMillis());
        throw new CallFailure(
            CallFailure.Kind.TIMEOUT,
            url,
            "no answer from " + to.authority + " (" + d.reason() + ")",
            null);
      }
      case FaultAction.Reject r ->
          throw new CallFailure(
              CallFailure.Kind.REFUSED,
              url,
              to.authority + " refused the call (" + r.reason() + ")",
              null);
    }
    Map<String, String> all = headers;
    if (peerName != null) {
      all = new LinkedHashMap<>(headers);
      all.put(Peers.HEADER, peerName);
    }
    int millis = (int) Math.max(1, timeout.toMillis());
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int attempt = 0; ; attempt++) {
      HttpConnection c = to.take();
      try {
        if (c == null) {
          c = new HttpConnection(to.host, to.port, millis);
        }
        ClientResponse answer = exchange(c, method, target, to.authority, all, body, deadline);
        if (!c.reusable() || closed || !to.keep(c, maxIdlePerTarget)) {
          c.close();
        }
        return answer;
      } catch (HttpConnection.ConnectionClosedEarly e) {
        boolean stale = c.reused();
        c.close();
        if (!stale || attempt > 0) {
          throw WebClient.classify(url, to.authority, timeout, e);
        }
      } catch (SocketTimeoutException e) {
        if (c != null) {
          c.close();
        }
        throw new CallFailure(
            CallFailure.Kind.TIMEOUT,
            url,
            "no answer from " + to.authority + " within " + timeout.toMillis() + " ms",
            e);
      } catch (ConnectException e) {
        throw new CallFailure(
            CallFailure.Kind.REFUSED, url, "nothing is listening on " + to.authority, e);
      } catch (IOException e) {
        if (c != null) {
          c.close();
        }
        throw WebClient.classify(url, to.authority, timeout, e);
      }
    }
  }

  private ClientResponse exchange(
      HttpConnection c,
      String method,
      String target,
      String authority,
      Map<String, String> headers,
      byte[] body,
      long deadline)
      throws IOException {
    busy.add(c);
    try {
      return c.exchange(method, target, authority, headers, body, deadline);
    } finally {
      busy.remove(c);
    }
  }

  private void watch() {
    while (!closed) {
      try {
        Thread.sleep(WATCH_EVERY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (HttpConnection c : busy) {
        c.expire(now);
      }
    }
  }

  public Duration timeout() {
    return timeout;
  }

  @Override
  public void close() {
    closed = true;
    watchdog.interrupt();
    for (Target t : targets.values()) {
      HttpConnection c;
      while ((c = t.take()) != null) {
        c.close();
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One server this client calls, parsed from its base URL once, with its idle connections. */
  private static final class Target {
    final String host;
    final int port;
    final String authority;
    private final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    // The deque's own size() walks every node; this count is what keep() checks per call.
    private final AtomicInteger idleCount = new AtomicInteger();

    private Target(String host, int port) {
      this.host = host;
      this.port = port;
      this.authority = host + ":" + port;
    }

    static Target parse(String base) {
      URI uri = URI.create(base);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("expected http://host:port, got '" + base + "'");
      }
      return new Target(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
    }

    /** The most recently used idle connection (the likeliest to be alive), or null. */
    HttpConnection take() {
      HttpConnection c = idle.pollFirst();
      if (c != null) {
        idleCount.decrementAndGet();
      }
      return c;
    }

    /** Keeps {@code c} for reuse unless {@code max} are idle already; false when not kept. */
    boolean keep(HttpConnection c, int max) {
      if (idleCount.incrementAndGet() > max) {
        idleCount.decrementAndGet();
        return false;
      }
      idle.addFirst(c);
      return true;
    }
  }
}
