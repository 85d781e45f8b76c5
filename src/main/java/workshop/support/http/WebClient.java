package workshop.support.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import workshop.support.json.Json;

/**
 * The workshop's HTTP client: pooled keep-alive connections, one timeout for the whole call,
 * failures classified as {@link CallFailure.Kind}, every call named with {@value Peers#HEADER}, the
 * token ({@value AdminToken#HEADER}) on calls to the addresses its {@link TokenTrust} trusts and on
 * no others, and the outbound side of the fault seam. The only class that knows the client library
 * (Apache HttpClient 5 classic, chosen because it sustains several times the request rate of the
 * JDK client on two cores). Thread-safe; share one per process or per purpose.
 */
public final class WebClient implements AutoCloseable {
  private final CloseableHttpClient http;
  private final Duration timeout;

  private final String peerName;
  private final FaultPolicy faults;
  private final TokenTrust tokens;

  private WebClient(Builder b) {
    this.timeout = b.timeout;
    this.peerName = b.peerName;
    this.faults = b.faults;
    this.tokens = b.tokens;
    Timeout t = Timeout.ofMilliseconds(Math.max(1, b.timeout.toMillis()));
    PoolingHttpClientConnectionManager pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(b.maxConnectionsTotal)
            .setMaxConnPerRoute(b.maxConnections)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(t)
                    .setSocketTimeout(t)
                    // A connection idle this long is checked before reuse: the server behind it
                    // may have restarted (a student's Ctrl+C), leaving a dead socket in the pool.
                    .setValidateAfterInactivity(TimeValue.ofMilliseconds(100))
                    .build())
            .build();
    this.http =
        HttpClients.custom()
            .setConnectionManager(pool)
            .setDefaultRequestConfig(config(b.timeout))
            .setRetryStrategy(new StaleConnectionRetry())
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableContentCompression()
            .disableAuthCaching()
            .setUserAgent("dsworkshop")
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A client with this timeout and default settings. */
  public static WebClient create(Duration timeout) {
    return builder().timeout(timeout).build();
  }

  public Duration timeout() {
    return timeout;
  }

  public ClientResponse get(String url) {
    return send("GET", url, Map.of(), null, timeout);
  }

  public ClientResponse get(String url, Duration timeout) {
    return send("GET", url, Map.of(), null, timeout);
  }

  /** POSTs {@code body} serialized as JSON. */
  public ClientResponse postJson(String url, Object body) {
    return send("POST", url, Map.of("Content-Type", Response.JSON), Json.write(body), timeout);
  }

  public ClientResponse postJson(String url, Object body, Duration timeout) {
    return send("POST", url, Map.of("Content-Type", Response.JSON), Json.write(body), timeout);
  }

  /** POSTs with an empty body. */
  public ClientResponse post(String url) {
    return send("POST", url, Map.of(), null, timeout);
  }

  /**
   * Sends one request and reads the whole answer.
   *
   * @param body null for none
   * @throws CallFailure when no HTTP answer arrives (timeout, refused, reset, other I/O)
   */
  public ClientResponse send(
      String method, String url, Map<String, String> headers, byte[] body, Duration timeout) {
    URI uri = parse(url);
    String authority = uri.getHost() + ":" + port(uri);
    OutboundFaults.Plan plan =
        faults == FaultPolicy.NONE
            ? null
            : OutboundFaults.before(faults, authority, method, uri.getRawPath(), url, timeout);
    Duration left = plan == null ? timeout : plan.timeout();
    HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
    request.setConfig(config(left));
    if (peerName != null) {
      request.setHeader(Peers.HEADER, peerName);
    }
    String mark = faults.mark(authority);
    if (mark != null) {
      request.setHeader(Peers.NET_HEADER, mark);
    }
    String token = tokens.tokenFor(uri);
    if (token != null) {
      request.setHeader(AdminToken.HEADER, token);
    }
    for (var h : headers.entrySet()) {
      request.setHeader(h.getKey(), h.getValue());
    }
    if (body != null) {
      String type = headers.getOrDefault("Content-Type", Response.JSON);
      request.setEntity(new ByteArrayEntity(body, ContentType.parseLenient(type)));
    }
    ClientResponse answer;
    try {
      answer =
          http.execute(
              request,
              response -> {
                HttpEntity entity = response.getEntity();
                byte[] bytes = entity == null ? new byte[0] : EntityUtils.toByteArray(entity);
                List<Map.Entry<String, String>> received = new ArrayList<>();
                for (Header h : response.getHeaders()) {
                  received.add(Map.entry(h.getName(), h.getValue()));
                }
                return new ClientResponse(response.getCode(), received, bytes);
              });
    } catch (IOException e) {
      throw classify(url, authority, timeout, e);
    }
    if (plan != null) {
      OutboundFaults.after(plan, url, authority, timeout);
    }
    return answer;
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      // Closing pooled sockets; nothing useful to report.
    }
  }

  static CallFailure classify(String url, String authority, Duration timeout, IOException e) {
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      return new CallFailure(
          CallFailure.Kind.TIMEOUT,
          url,
          "no answer from " + authority + " within " + timeout.toMillis() + " ms",
          e);
    }
    if (e instanceof ConnectException) {
      return new CallFailure(
          CallFailure.Kind.REFUSED, url, "nothing is listening on " + authority, e);
    }
    if (e instanceof NoHttpResponseException || e instanceof SocketException) {
      return new CallFailure(
          CallFailure.Kind.RESET, url, authority + " closed the connection without answering", e);
    }
    return new CallFailure(
        CallFailure.Kind.IO, url, "call to " + authority + " failed: " + e.getMessage(), e);
  }

  private static RequestConfig config(Duration timeout) {
    Timeout t = Timeout.ofMilliseconds(Math.max(1, timeout.toMillis()));
    return RequestConfig.custom().setResponseTimeout(t).setConnectionRequestTimeout(t).build();
  }

  private static URI parse(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
        throw new IllegalArgumentException("expected http://host:port/..., got '" + url + "'");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a usable URL: '" + url + "' (" + e.getMessage() + ")");
    }
  }

  private static int port(URI uri) {
    return uri.getPort() < 0 ? 80 : uri.getPort();
  }

  /**
   * Retries an idempotent request once when a reused keep-alive connection turned out to be dead
   * (the server closed it or restarted), so it never reached the server. Never retries a POST, and
   * never retries on an answer: a 503 or 429 is the lesson, not noise.
   */
  private static final class StaleConnectionRetry
      implements org.apache.hc.client5.http.HttpRequestRetryStrategy {
    @Override
    public boolean retryRequest(
        org.apache.hc.core5.http.HttpRequest request,
        IOException exception,
        int execCount,
        org.apache.hc.core5.http.protocol.HttpContext context) {
      String method = request.getMethod();
      boolean idempotent =
          method.equals("GET")
              || method.equals("HEAD")
              || method.equals("PUT")
              || method.equals("DELETE")
              || method.equals("OPTIONS");
      return execCount <= 1 && idempotent && exception instanceof NoHttpResponseException;
    }

    @Override
    public boolean retryRequest(
        org.apache.hc.core5.http.HttpResponse response,
        int execCount,
        org.apache.hc.core5.http.protocol.HttpContext context) {
      return false;
    }

    @Override
    public TimeValue getRetryInterval(
        org.apache.hc.core5.http.HttpResponse response,
        int execCount,
        org.apache.hc.core5.http.protocol.HttpContext context) {
      return TimeValue.ZERO_MILLISECONDS;
    }
  }

  /** Configures a {@link WebClient}. */
  public static final class Builder {
    private Duration timeout = Duration.ofSeconds(5);
    private int maxConnections = 64;
    private int maxConnectionsTotal = 64 * 32;
    private String peerName;
    private FaultPolicy faults = FaultPolicy.NONE;
    private TokenTrust tokens = TokenTrust.none();

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Keep-alive connections kept per target. The total across targets is 32 times this, so
     * spreading calls over several targets never forces connections to be closed and reopened.
     */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      this.maxConnectionsTotal = maxConnections * 32;
      return this;
    }

    /** Sent as {@value Peers#HEADER} on every call. */
    public Builder peerName(String peerName) {
      this.peerName = peerName;
      return this;
    }

    public Builder faults(FaultPolicy faults) {
      this.faults = faults;
      return this;
    }

    /**
     * Sends the token of {@code tokens} on calls to the addresses it trusts (default: no token on
     * any call). Shared, not copied: an address it trusts later gets the token from then on.
     */
    public Builder token(TokenTrust tokens) {
      this.tokens = tokens;
      return this;
    }

    public WebClient build() {
      return new WebClient(this);
    }
  }
}
