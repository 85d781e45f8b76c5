package workshop.balance.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import workshop.ratelimit.RateLimitConfig;
import workshop.support.http.ClientResponse;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/** A real balancer on port 0 in front of real echo backends, and every bad input at the proxy. */
class LoadBalancerServerTest {
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private WebClient http;

  @BeforeEach
  void client() {
    http = WebClient.builder().timeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    http.close();
  }

  /** A backend that answers every request with what it received, and {@code /slow} after 2 s. */
  private String echo(String name) {
    WebServer server =
        WebServer.builder(name)
            .routes(new Routes())
            .filter(
                (request, next) -> {
                  if (request.path().equals("/slow")) {
                    Thread.sleep(2000);
                  }
                  if (request.path().equals("/health")) {
                    return Response.ok(Json.map("status", "ok"));
                  }
                  return Response.ok(
                          Json.map(
                              "backend", name,
                              "method", request.method(),
                              "target", request.target(),
                              "headers", headerNames(request),
                              "forwarded_for", request.header("X-Forwarded-For"),
                              "client", request.header("X-Client-Id"),
                              "body", request.bodyText()))
                      .withHeader("X-Kept", "yes")
                      .withHeader("Proxy-Authenticate", "Basic");
                })
            .start();
    open.add(server);
    return server.url();
  }

  private static List<String> headerNames(Request request) {
    return request.headers().keySet().stream().map(String::toLowerCase).sorted().toList();
  }

  private LoadBalancerServer lb(List<String> backends, String strategy, RateLimitConfig limit) {
    return lb(backends, strategy, limit, Duration.ofMillis(200));
  }

  private LoadBalancerServer lb(
      List<String> backends, String strategy, RateLimitConfig limit, Duration checkEvery) {
    LoadBalancerServer lb =
        LoadBalancerServer.start(
            new LbConfig(
                "127.0.0.1",
                0,
                backends,
                List.of(),
                strategy,
                1,
                Duration.ofMillis(500),
                checkEvery,
                limit),
            new PrintStream(log, true, StandardCharsets.UTF_8));
    open.add(lb);
    return lb;
  }

  private static String deadUrl() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void forwardsMethodPathQueryHeadersAndBodyAndSaysWhichBackend() {
    String a = echo("a");
    LoadBalancerServer lb = lb(List.of(a), "round-robin", null);
    ClientResponse r =
        http.send(
            "PUT",
            lb.url() + "/data/k%20ey?x=1&y=2",
            Map.of("Content-Type", "text/plain", "X-Custom", "kept"),
            "hello".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(5));
    JsonNode body = r.json();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("X-Backend")).isEqualTo(a);
    assertThat(body.path("method").asText()).isEqualTo("PUT");
    assertThat(body.path("target").asText()).isEqualTo("/data/k%20ey?x=1&y=2");
    assertThat(body.path("body").asText()).isEqualTo("hello");
    assertThat(body.path("forwarded_for").asText()).isEqualTo("127.0.0.1");
    assertThat(body.path("headers").toString()).contains("x-custom", "content-type");
  }

  @Test
  void stripsHopByHopHeadersInBothDirections() {
    String a = echo("a");
    LoadBalancerServer lb = lb(List.of(a), "round-robin", null);
    ClientResponse r =
        http.send(
            "GET",
            lb.url() + "/anything",
            Map.of(
                "Connection", "keep-alive, X-Secret",
                "X-Secret", "only for the first hop",
                "Proxy-Authorization", "Basic Zm9vOmJhcg==",
                "TE", "trailers"),
            null,
            Duration.ofSeconds(5));
    String seen = r.json().path("headers").toString();
    // The balancer's own client may send its own Connection header on the second hop; what must
    // not arrive is what the first hop's Connection header named, nor the proxy credentials.
    assertThat(seen).doesNotContain("x-secret", "proxy-authorization", "\"te\"");
    assertThat(r.header("X-Kept")).isEqualTo("yes");
    assertThat(r.header("Proxy-Authenticate")).isNull();
  }

  @Test
  void roundRobinAlternatesAndStatsCountPerBackend() {
    String a = echo("a");
    String b = echo("b");
    LoadBalancerServer lb = lb(List.of(a, b), "round-robin", null);
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      served.add(http.get(lb.url() + "/x").header("X-Backend"));
    }
    assertThat(served).containsExactly(a, b, a, b);
    JsonNode stats = http.get(lb.url() + "/lb/stats").json();
    assertThat(stats.path("strategy").asText()).isEqualTo("round-robin");
    assertThat(stats.path("requests").asLong()).isEqualTo(4);
    JsonNode first = stats.path("backends").get(0);
    assertThat(first.path("requests").asLong()).isEqualTo(2);
    assertThat(first.path("healthy").asBoolean()).isTrue();
    assertThat(first.has("in_flight") && first.has("p50_ms") && first.has("p99_ms")).isTrue();
  }

  @Test
  void aBackendThatRefusesGives502ThenIsSkipped() throws Exception {
    String dead = deadUrl();
    // Health checks every minute: the refused request, not a check that may run before it on a
    // busy machine, is what takes the backend out here.
    LoadBalancerServer lb = lb(List.of(dead), "round-robin", null, Duration.ofMinutes(1));
    ClientResponse first = http.get(lb.url() + "/x");
    assertThat(first.status()).isEqualTo(502);
    assertThat(first.json().path("error").asText()).isEqualTo("bad_gateway");
    assertThat(first.json().path("detail").asText()).contains("nothing is listening");
    ClientResponse next = http.get(lb.url() + "/x");
    assertThat(next.status()).isEqualTo(503);
    assertThat(next.json().path("error").asText()).isEqualTo("no_healthy_backend");
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("backend " + dead + " DOWN:");
  }

  @Test
  void aDeadBackendIsSkippedWithoutLosingTheRequest() throws Exception {
    String a = echo("a");
    String dead = deadUrl();
    LoadBalancerServer lb = lb(List.of(dead, a), "round-robin", null);
    for (int i = 0; i < 4; i++) {
      ClientResponse r = http.get(lb.url() + "/x");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("X-Backend")).isEqualTo(a);
    }
  }

  @Test
  void aSlowBackendGives504WithinTheTimeout() {
    String a = echo("a");
    LoadBalancerServer lb = lb(List.of(a), "round-robin", null);
    long t0 = System.nanoTime();
    ClientResponse r = http.get(lb.url() + "/slow");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).isEqualTo(504);
    assertThat(r.json().path("detail").asText())
        .isEqualTo("backend " + a + " did not answer within 500 ms");
    assertThat(ms).isLessThan(1500);
  }

  @Test
  void anOversizedBodyGets413() {
    String a = echo("a");
    LoadBalancerServer lb = lb(List.of(a), "round-robin", null);
    ClientResponse r =
        http.send(
            "POST",
            lb.url() + "/data",
            Map.of("Content-Type", "application/json"),
            new byte[WebServer.DEFAULT_MAX_BODY_BYTES + 1],
            Duration.ofSeconds(5));
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().path("error").asText()).isEqualTo("body_too_large");
  }

  @Test
  void malformedHeadersGet400() throws Exception {
    String a = echo("a");
    LoadBalancerServer lb = lb(List.of(a), "round-robin", null);
    assertThat(raw(lb.port(), "POST /data HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n"))
        .startsWith("HTTP/1.1 400");
    assertThat(raw(lb.port(), "GET /x HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"))
        .startsWith("HTTP/1.1 400");
  }

  @Test
  void answersExpect100ContinueItselfAndForwardsTheBodyWithoutIt() throws Exception {
    String a = echo("a");
    LoadBalancerServer lb = lb(List.of(a), "round-robin", null);
    try (Socket s = new Socket("127.0.0.1", lb.port())) {
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      String body = "x".repeat(2048); // curl asks before sending a body this size
      out.write(
          ("POST /data HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2048\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(new String(in.readNBytes(25), StandardCharsets.ISO_8859_1))
          .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      out.write(body.getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      // Had the backend been asked too, its own 100 Continue would come back as the answer.
      assertThat(answer).isEqualTo("HTTP/1.1 200");
    }
    ClientResponse r =
        http.send(
            "POST",
            lb.url() + "/data",
            Map.of("Expect", "100-continue"),
            "hi".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(5));
    assertThat(r.json().path("headers").toString()).doesNotContain("expect");
  }

  @Test
  void answersHeadWithoutABodyAndKeepsTheConnectionUsable() throws Exception {
    String a = echo("a");
    LoadBalancerServer lb = lb(List.of(a), "round-robin", null);
    try (Socket s = new Socket("127.0.0.1", lb.port())) {
      s.setSoTimeout(3000);
      s.getOutputStream()
          .write(
              "HEAD /x HTTP/1.1\r\nHost: x\r\n\r\nGET /x HTTP/1.1\r\nHost: x\r\n\r\n"
                  .getBytes(StandardCharsets.ISO_8859_1));
      String head = readHead(s.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 200").contains("X-Backend: " + a);
      // The backend says how long the GET's body would be, and the balancer passes it on (not 0);
      // had it sent a body after all, the GET's status line would not come next.
      String get = readHead(s.getInputStream());
      assertThat(get).startsWith("HTTP/1.1 200");
      // The echo names the method, and HEAD is one letter longer than GET.
      assertThat(lengthOf(head)).isPositive().isEqualTo(lengthOf(get) + 1);
    }
  }

  private static int lengthOf(String head) {
    for (String line : head.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return -1;
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the balancer closed the connection after: " + head).isNotNegative();
      head.append((char) b);
    }
    return head.toString();
  }

  private static String raw(int port, String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[512];
      int n = in.read(buf);
      return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void theRateLimitKeepsClientsApartAndExemptsHealthAndStats() {
    String a = echo("a");
    LoadBalancerServer lb =
        lb(
            List.of(a),
            "round-robin",
            new RateLimitConfig(RateLimitConfig.Strategy.TOKEN_BUCKET, 1, 2));
    Map<String, String> bad = Map.of("X-Client-Id", "bad-actor");
    assertThat(call(lb, bad).status()).isEqualTo(200);
    assertThat(call(lb, bad).status()).isEqualTo(200);
    ClientResponse refused = call(lb, bad);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.header("RateLimit-Limit")).isEqualTo("2");
    assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
    assertThat(refused.header("RateLimit-Reset")).isEqualTo("2");
    JsonNode body = refused.json();
    assertThat(body.path("error").asText()).isEqualTo("Too Many Requests");
    assertThat(body.path("retry_after").asInt()).isEqualTo(1);
    assertThat(body.path("status").asInt()).isEqualTo(429);
    // Another client on the same address has its own bucket, and the id reaches the backend.
    ClientResponse good = call(lb, Map.of("X-Client-Id", "good-user"));
    assertThat(good.status()).isEqualTo(200);
    assertThat(good.header("RateLimit-Remaining")).isEqualTo("1");
    assertThat(good.json().path("client").asText()).isEqualTo("good-user");
    for (int i = 0; i < 5; i++) {
      assertThat(http.get(lb.url() + "/health").status()).isEqualTo(200);
      assertThat(http.get(lb.url() + "/lb/stats").status()).isEqualTo(200);
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("RATE LIMITED client bad-actor");
  }

  private ClientResponse call(LoadBalancerServer lb, Map<String, String> headers) {
    return http.send("GET", lb.url() + "/data/x", headers, null, Duration.ofSeconds(5));
  }
}
