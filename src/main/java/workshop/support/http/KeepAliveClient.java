package workshop.support.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionReuseStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnectionFactory;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http.protocol.HttpProcessor;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.util.Timeout;

/**
 * A pooled keep-alive HTTP/1.1 client for hot paths, the balancer's forwarding and the load
 * generator's workers, with the contract of {@link WebClient#send}: whole answers, one timeout per
 * call, failures as {@link CallFailure}, and {@value Peers#HEADER} on every call when named. It
 * runs on Apache HttpCore 5's blocking connection and request executor (the library writes and
 * parses every message) without the general client's per-request machinery (routes, cookies,
 * authentication, redirects, interceptor chains), which on two cores costs more than the server's
 * own work.
 *
 * <p>Connections are kept per target, most recently used first (the likeliest to be alive). A call
 * on a reused connection that the peer had closed meanwhile (it restarted, or timed the idle
 * connection out) never reached it, and is retried once on a fresh connection, whatever its method.
 * Thread-safe.
 */
public final class KeepAliveClient implements AutoCloseable {
  /**
   * Only the body's framing (Content-Length or chunked) is left to the library's interceptor. Host
   * is set from the target, formatted once, and no {@code Connection: keep-alive} is added:
   * HTTP/1.1 connections persist unless a side says close (RFC 9112 section 9.3), and a request or
   * answer without a Connection header spares the reuse check from parsing one per call.
   */
  private static final HttpProcessor PROCESSOR =
      HttpProcessorBuilder.create().add(new RequestContent()).build();

  private static final ConnectionReuseStrategy REUSE = DefaultConnectionReuseStrategy.INSTANCE;

  private final Duration timeout;
  private final String peerName;
  private final FaultPolicy faults;
  private final int maxIdlePerTarget;
  private final HttpRequestExecutor executor = new HttpRequestExecutor();
  private final DefaultBHttpClientConnectionFactory connections =
      DefaultBHttpClientConnectionFactory.builder().build();
  private final Map<String, Target> targets = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** How often the watchdog looks for calls past their deadline: the timeouts' precision. */
  static final long WATCH_EVERY_MILLIS = 10;

  /** A call in flight on {@code connection}, to be cut at {@code deadlineNanos}. */
  private static final class Call {
    final DefaultBHttpClientConnection connection;
    final long deadlineNanos;
    volatile boolean expired;

    Call(DefaultBHttpClientConnection connection, long deadlineNanos) {
      this.connection = connection;
      this.deadlineNanos = deadlineNanos;
    }
  }

  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
  private final Thread watchdog;

  /**
   * @param peerName sent as {@value Peers#HEADER}, or null for none
   * @param maxIdlePerTarget keep-alive connections kept per target between calls
   */
  public KeepAliveClient(Duration timeout, String peerName, int maxIdlePerTarget) {
    this(timeout, peerName, maxIdlePerTarget, FaultPolicy.NONE);
  }

  /**
   * @param faults the outbound side of the fault seam, as {@link WebClient.Builder#faults}
   */
  public KeepAliveClient(
      Duration timeout, String peerName, int maxIdlePerTarget, FaultPolicy faults) {
    this.timeout = timeout;
    this.peerName = peerName;
    this.faults = faults;
    this.maxIdlePerTarget = maxIdlePerTarget;
    this.watchdog = Thread.ofVirtual().name("keep-alive-client-watchdog").start(this::watch);
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Sends one request to {@code base} (such as {@code http://127.0.0.1:5001}, parsed once and
   * remembered) for {@code target} (path and query, such as {@code /data/k?x=1}) and reads the
   * whole answer.
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
    if (faults != FaultPolicy.NONE) {
      OutboundFaults.Plan plan =
          OutboundFaults.before(faults, to.authority, method, target, url, timeout);
      Map<String, String> marked = headers;
      String mark = faults.mark(to.authority);
      if (mark != null) {
        marked = new java.util.LinkedHashMap<>(headers);
        marked.put(Peers.NET_HEADER, mark);
      }
      ClientResponse answer = call(method, to, target, marked, body, plan.timeout(), url);
      OutboundFaults.after(plan, url, to.authority, timeout);
      return answer;
    }
    return call(method, to, target, headers, body, timeout, url);
  }

  private ClientResponse call(
      String method,
      Target to,
      String target,
      Map<String, String> headers,
      byte[] body,
      Duration timeout,
      String url) {
    Timeout t = Timeout.ofMilliseconds(Math.max(1, timeout.toMillis()));
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int attempt = 0; ; attempt++) {
      DefaultBHttpClientConnection c = to.take();
      boolean reused = c != null;
      Call call = null;
      try {
        if (c == null) {
          c = connect(to, t);
        }
        call = new Call(c, deadline);
        inFlight.add(call);
        return exchange(c, to, method, target, headers, body);
      } catch (IOException e) {
        if (call != null && call.expired) {
          close(c);
          throw new CallFailure(
              CallFailure.Kind.TIMEOUT,
              url,
              "no answer from " + to.authority + " within " + timeout.toMillis() + " ms",
              e);
        }
        if (!retry(e, c, reused, attempt)) {
          throw failure(e, url, to, timeout);
        }
      } catch (HttpException e) {
        close(c);
        throw new CallFailure(
            CallFailure.Kind.IO,
            url,
            to.authority + " answered with a malformed HTTP message: " + e.getMessage(),
            e);
      } finally {
        if (call != null) {
          inFlight.remove(call);
        }
      }
    }
  }

  /**
   * Closes {@code c} after a failure and says whether to try again: only on a reused connection,
   * once, when the failure shows the peer had closed it before the request arrived.
   */
  private static boolean retry(
      IOException e, DefaultBHttpClientConnection c, boolean reused, int attempt) {
    close(c);
    return reused
        && attempt == 0
        && (e instanceof NoHttpResponseException || e instanceof java.net.SocketException);
  }

  private static CallFailure failure(IOException e, String url, Target to, Duration timeout) {
    if (e instanceof SocketTimeoutException) {
      return new CallFailure(
          CallFailure.Kind.TIMEOUT,
          url,
          "no answer from " + to.authority + " within " + timeout.toMillis() + " ms",
          e);
    }
    if (e instanceof ConnectException) {
      return new CallFailure(
          CallFailure.Kind.REFUSED, url, "nothing is listening on " + to.authority, e);
    }
    return WebClient.classify(url, to.authority, timeout, e);
  }

  private void watch() {
    while (!closed) {
      try {
        Thread.sleep(WATCH_EVERY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (Call call : inFlight) {
        if (now - call.deadlineNanos > 0 && !call.expired) {
          call.expired = true;
          close(call.connection); // the blocked read ends with an exception
        }
      }
    }
  }

  private ClientResponse exchange(
      DefaultBHttpClientConnection c,
      Target to,
      String method,
      String target,
      Map<String, String> headers,
      byte[] body)
      throws IOException, HttpException {
    BasicClassicHttpRequest request = new BasicClassicHttpRequest(method, to.host, target);
    for (var h : headers.entrySet()) {
      request.addHeader(h.getKey(), h.getValue());
    }
    if (!request.containsHeader("Host")) {
      request.addHeader("Host", to.authority);
    }
    if (peerName != null) {
      request.setHeader(Peers.HEADER, peerName);
    }
    if (body != null) {
      request.setEntity(new ByteArrayEntity(body, (ContentType) null));
    }
    HttpCoreContext context = HttpCoreContext.create();
    executor.preProcess(request, PROCESSOR, context);
    try (ClassicHttpResponse response = executor.execute(request, c, context)) {
      byte[] bytes = read(response.getEntity());
      List<Map.Entry<String, String>> received = new ArrayList<>(response.getHeaders().length);
      for (Header h : response.getHeaders()) {
        received.add(Map.entry(h.getName(), h.getValue()));
      }
      if (!closed && REUSE.keepAlive(request, response, context) && to.keep(c, maxIdlePerTarget)) {
        c = null; // back in the pool
      }
      return new ClientResponse(response.getCode(), received, bytes);
    } finally {
      close(c);
    }
  }

  /**
   * The whole body. With a Content-Length it is read into an array of that size at once, instead of
   * through the library's 4 KiB copy buffer that grows to fit.
   */
  private static byte[] read(HttpEntity entity) throws IOException {
    if (entity == null) {
      return new byte[0];
    }
    long length = entity.getContentLength();
    try (var in = entity.getContent()) {
      return length >= 0 && length <= Integer.MAX_VALUE
          ? in.readNBytes((int) length)
          : in.readAllBytes();
    }
  }

  private DefaultBHttpClientConnection connect(Target to, Timeout t) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(
          new InetSocketAddress(to.host.getHostName(), to.host.getPort()),
          t.toMillisecondsIntBound());
      return connections.createConnection(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static void close(DefaultBHttpClientConnection c) {
    if (c != null) {
      c.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
    }
  }

  @Override
  public void close() {
    closed = true;
    watchdog.interrupt();
    for (Target t : targets.values()) {
      DefaultBHttpClientConnection c;
      while ((c = t.take()) != null) {
        close(c);
      }
    }
  }

  /** One server this client calls, parsed from its base URL once, with its idle connections. */
  private static final class Target {
    final HttpHost host;
    final String authority;
    private final ConcurrentLinkedDeque<DefaultBHttpClientConnection> idle =
        new ConcurrentLinkedDeque<>();
    // The deque's own size() walks every node; this count is what keep() checks per call.
    private final AtomicInteger idleCount = new AtomicInteger();

    private Target(HttpHost host) {
      this.host = host;
      this.authority = host.getHostName() + ":" + host.getPort();
    }

    static Target parse(String base) {
      URI uri = URI.create(base);
      if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
        throw new IllegalArgumentException("expected http://host:port, got '" + base + "'");
      }
      return new Target(
          new HttpHost("http", uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort()));
    }

    DefaultBHttpClientConnection take() {
      DefaultBHttpClientConnection c = idle.pollFirst();
      if (c != null) {
        idleCount.decrementAndGet();
      }
      return c;
    }

    /** Keeps {@code c} for reuse unless {@code max} are idle already; false when not kept. */
    boolean keep(DefaultBHttpClientConnection c, int max) {
      if (idleCount.incrementAndGet() > max) {
        idleCount.decrementAndGet();
        return false;
      }
      idle.addFirst(c);
      return true;
    }
  }
}
