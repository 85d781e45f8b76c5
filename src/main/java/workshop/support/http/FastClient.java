package workshop.support.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A pooled keep-alive HTTP/1.1 client for hot paths (the balancer's forwarding), with the same
 * contract as {@link WebClient#send}: whole answers, one timeout per call, failures as {@link
 * CallFailure}, {@value Peers#HEADER} on every call, and the outbound fault seam. It skips what a
 * general client does per request (interceptors, routing, cookie and auth handling), which on two
 * cores costs several times the server's own work.
 *
 * <p>A call on a reused connection that the peer had already closed (it restarted, or timed the
 * connection out) never reached it, and is retried once on a fresh connection. Thread-safe.
 */
public final class FastClient implements AutoCloseable {
  private final Duration timeout;
  private final String peerName;
  private final FaultPolicy faults;
  private final int maxIdlePerTarget;
  private final Map<String, ConcurrentLinkedDeque<HttpConnection>> idle = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public FastClient(Duration timeout, String peerName, FaultPolicy faults, int maxIdlePerTarget) {
    this.timeout = timeout;
    this.peerName = peerName;
    this.faults = faults;
    this.maxIdlePerTarget = maxIdlePerTarget;
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
    String host = uri.getHost();
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String authority = host + ":" + port;
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target += "?" + uri.getRawQuery();
    }
    switch (faults.outbound(authority, method, target)) {
      case FaultAction.Pass p -> {}
      case FaultAction.Delay d -> pause(d.by().toMillis());
      case FaultAction.Drop d -> {
        pause(timeout.toMillis());
        throw new CallFailure(
            CallFailure.Kind.TIMEOUT,
            url,
            "no answer from " + authority + " (" + d.reason() + ")",
            null);
      }
      case FaultAction.Reject r ->
          throw new CallFailure(
              CallFailure.Kind.REFUSED,
              url,
              authority + " refused the call (" + r.reason() + ")",
              null);
    }
    Map<String, String> all = headers;
    if (peerName != null) {
      all = new LinkedHashMap<>(headers);
      all.put(Peers.HEADER, peerName);
    }
    byte[] request = HttpConnection.encode(method, target, authority, all, body);
    int millis = (int) Math.max(1, timeout.toMillis());
    ConcurrentLinkedDeque<HttpConnection> pool =
        idle.computeIfAbsent(authority, a -> new ConcurrentLinkedDeque<>());
    for (int attempt = 0; ; attempt++) {
      HttpConnection c = pool.pollFirst();
      try {
        if (c == null) {
          c = new HttpConnection(host, port, millis);
        }
        ClientResponse answer = c.exchange(request, millis, method.equals("HEAD"));
        if (c.reusable() && !closed && pool.size() < maxIdlePerTarget) {
          pool.addFirst(c);
        } else {
          c.close();
        }
        return answer;
      } catch (HttpConnection.ConnectionClosedEarly e) {
        boolean stale = c.reused();
        c.close();
        if (!stale || attempt > 0) {
          throw WebClient.classify(url, authority, timeout, e);
        }
      } catch (SocketTimeoutException e) {
        if (c != null) {
          c.close();
        }
        throw new CallFailure(
            CallFailure.Kind.TIMEOUT,
            url,
            "no answer from " + authority + " within " + timeout.toMillis() + " ms",
            e);
      } catch (ConnectException e) {
        throw new CallFailure(
            CallFailure.Kind.REFUSED, url, "nothing is listening on " + authority, e);
      } catch (IOException e) {
        if (c != null) {
          c.close();
        }
        throw WebClient.classify(url, authority, timeout, e);
      }
    }
  }

  public Duration timeout() {
    return timeout;
  }

  @Override
  public void close() {
    closed = true;
    for (var pool : idle.values()) {
      HttpConnection c;
      while ((c = pool.pollFirst()) != null) {
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
}
