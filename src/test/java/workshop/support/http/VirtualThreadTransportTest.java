package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import workshop.support.json.Json;

/**
 * The own engine's parsing, limits and connection handling, driven byte by byte over real sockets.
 * (What both engines share is in {@link WebServerTest}.)
 */
class VirtualThreadTransportTest {
  private WebServer server;
  private final AtomicInteger handled = new AtomicInteger();

  @BeforeEach
  void start() {
    server =
        WebServer.builder("raw")
            .engine(WebServer.Engine.VIRTUAL_THREAD_PER_CONNECTION)
            .idleTimeout(Duration.ofMillis(300))
            .maxBodyBytes(100)
            .routes(
                new Routes()
                    .get("/hello", r -> count(Response.text(200, "hello " + r.rawQuery())))
                    .post("/text", r -> count(Response.text(200, r.bodyText())))
                    .get("/bye", r -> Response.text(200, "bye").withHeader("Connection", "close"))
                    .get("/proxied", r -> Response.text(200, "").withHeader("Content-Length", "42"))
                    .get(
                        "/headers",
                        r ->
                            Response.ok(
                                Json.map(
                                    "host", r.header("host"),
                                    "custom", r.header("x-custom"),
                                    "count", r.headers().size(),
                                    "remote", r.remoteAddress()))))
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Response count(Response r) {
    handled.incrementAndGet();
    return r;
  }

  private RawHttp connect() throws Exception {
    return new RawHttp(server.port());
  }

  /** Sends one request on a fresh connection and returns its answer's JSON error body. */
  private JsonNode refusal(String request, int status) throws Exception {
    try (RawHttp c = connect()) {
      RawHttp.Answer a = c.send(request).read();
      assertThat(a.status()).as(a.body()).isEqualTo(status);
      assertThat(a.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
      JsonNode body = Json.parse(a.body().getBytes(StandardCharsets.UTF_8));
      assertThat(body.path("status").asInt()).isEqualTo(status);
      return body;
    }
  }

  @Test
  void answersAMalformedRequestLineWith400AndCloses() throws Exception {
    assertThat(refusal("GET/hello HTTP/1.1\r\n\r\n", 400).path("detail").asText())
        .isEqualTo(
            "malformed request line 'GET/hello HTTP/1.1'; expected METHOD /path HTTP/1.1,"
                + " such as GET / HTTP/1.1");
    refusal("GET  /hello HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    refusal("GET /hello HTTP/1.1 extra\r\nHost: x\r\n\r\n", 400);
    refusal("G(T /hello HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    refusal("GET hello HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    refusal("GET /hello SPDY/3\r\nHost: x\r\n\r\n", 400);
    assertThat(refusal("GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", 505).path("error").asText())
        .isEqualTo("http_version_not_supported");
    assertThat(handled).hasValue(0);
  }

  @Test
  void refusesARequestLineOver8KiBWith414() throws Exception {
    String target = "/hello?q=" + "x".repeat(VirtualThreadTransport.MAX_REQUEST_LINE_BYTES);
    assertThat(
            refusal("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", 414).path("error").asText())
        .isEqualTo("uri_too_long");
  }

  @Test
  void refusesAHeadOver64KiBWith431() throws Exception {
    // 70 fields of 1000 bytes each: under the count limit, over the size limit.
    StringBuilder request = new StringBuilder("GET /hello HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 70; i++) {
      request.append("X-Big-").append(i).append(": ").append("v".repeat(1000)).append("\r\n");
    }
    JsonNode body = refusal(request.append("\r\n").toString(), 431);
    assertThat(body.path("detail").asText()).isEqualTo("the request head is larger than 64 KiB");
  }

  @Test
  void refusesMoreThan100HeaderFieldsWith431() throws Exception {
    StringBuilder request = new StringBuilder("GET /hello HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 100; i++) {
      request.append("X-").append(i).append(": y\r\n"); // with Host, 101 fields
    }
    assertThat(refusal(request.append("\r\n").toString(), 431).path("error").asText())
        .isEqualTo("too_many_headers");
  }

  @Test
  void acceptsExactly100HeaderFields() throws Exception {
    StringBuilder request = new StringBuilder("GET /headers HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 99; i++) {
      request.append("X-").append(i).append(": y\r\n");
    }
    try (RawHttp c = connect()) {
      RawHttp.Answer a = c.send(request.append("\r\n").toString()).read();
      assertThat(a.status()).isEqualTo(200);
      assertThat(Json.parse(a.body().getBytes(StandardCharsets.UTF_8)).path("count").asInt())
          .isEqualTo(100);
    }
  }

  @Test
  void answersBadHeaderLinesWith400() throws Exception {
    assertThat(
            refusal("GET /hello HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400)
                .path("detail")
                .asText())
        .isEqualTo("malformed header line 'no colon here'; expected 'Name: value'");
    refusal("GET /hello HTTP/1.1\r\nHost : x\r\n\r\n", 400); // space before the colon
    refusal("GET /hello HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\n\r\n", 400);
    refusal("GET /hello HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n", 400);
    refusal("GET /hello HTTP/1.1\r\n: empty name\r\n\r\n", 400);
    assertThat(handled).hasValue(0);
  }

  @Test
  void needsExactlyOneHostOnHttp11() throws Exception {
    assertThat(refusal("GET /hello HTTP/1.1\r\n\r\n", 400).path("detail").asText())
        .startsWith("an HTTP/1.1 request needs a Host header");
    refusal("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
  }

  @Test
  void answersBadOrConflictingContentLengthWith400() throws Exception {
    assertThat(
            refusal("POST /text HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n", 400)
                .path("detail")
                .asText())
        .isEqualTo("Content-Length 'lots' is not a number of bytes, such as 42");
    refusal("POST /text HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400);
    refusal("POST /text HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n", 400);
    assertThat(
            refusal(
                    "POST /text HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n"
                        + "\r\nabcd",
                    400)
                .path("detail")
                .asText())
        .isEqualTo("two Content-Length headers disagree (3 and 4)");
    refusal(
        "POST /text HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n"
            + "\r\n3\r\nabc\r\n0\r\n\r\n",
        400);
    assertThat(handled).hasValue(0);
  }

  @Test
  void refusesTransferCodingsOtherThanChunkedWith501() throws Exception {
    refusal("POST /text HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501);
  }

  @Test
  void answersPipelinedRequestsInOrderEachWithItsOwnBody() throws Exception {
    try (RawHttp c = connect()) {
      // Three requests in one write; the second body contains what looks like a request.
      c.send(
          "POST /text HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirst"
              + "POST /text HTTP/1.1\r\nHost: x\r\nContent-Length: 30\r\n\r\n"
              + "GET /hello HTTP/1.1\r\nHost: x\r\n"
              + "GET /hello?third HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().body()).isEqualTo("first");
      assertThat(c.read().body()).isEqualTo("GET /hello HTTP/1.1\r\nHost: x\r\n");
      assertThat(c.read().body()).isEqualTo("hello third");
    }
    assertThat(handled).hasValue(3);
  }

  @Test
  void answersABodyOverTheLimitWith413ThenClosesWithoutRunningWhatFollows() throws Exception {
    try (RawHttp c = connect()) {
      c.send(
          "POST /text HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
              + "POST /text HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n"
              + "GET /hello?smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().body()).isEqualTo("abc");
      RawHttp.Answer tooLarge = c.read();
      assertThat(tooLarge.status()).isEqualTo(413);
      assertThat(tooLarge.body())
          .contains("the body is 101 bytes; this server accepts at most 100");
      assertThat(c.closedByServer()).isTrue();
    }
    // Only the first request ran: the bytes after the refused head were never read as a request.
    assertThat(handled).hasValue(1);
  }

  @Test
  void answersAChunkedBodyOverTheLimitWith413() throws Exception {
    String chunk = "x".repeat(60);
    refusal(
        "POST /text HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3c\r\n"
            + chunk
            + "\r\n3c\r\n"
            + chunk
            + "\r\n0\r\n\r\n",
        413);
    refusal("POST /text HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400);
    refusal(
        "POST /text HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
        400);
  }

  @Test
  void sendsTheFinalAnswerInsteadOfContinueWhenTheBodyIsTooLarge() throws Exception {
    try (RawHttp c = connect()) {
      c.send(
          "POST /text HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 500\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(413);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void refusesUnknownExpectationsWith417() throws Exception {
    refusal("GET /hello HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n", 417);
  }

  @Test
  void keepsAnHttp10ConnectionOnlyWhenAsked() throws Exception {
    try (RawHttp c = connect()) {
      RawHttp.Answer a = c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
      assertThat(a.header("Connection")).isEqualTo("keep-alive");
      RawHttp.Answer b = c.send("GET /hello?again HTTP/1.0\r\n\r\n").read();
      assertThat(b.body()).isEqualTo("hello again");
      assertThat(b.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void closesWhenTheClientOrTheHandlerSaysClose() throws Exception {
    try (RawHttp c = connect()) {
      RawHttp.Answer a =
          c.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
      assertThat(a.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
    try (RawHttp c = connect()) {
      RawHttp.Answer a = c.send("GET /bye HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertThat(a.body()).isEqualTo("bye");
      assertThat(a.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void answersHeadWithTheLengthOfTheGetAndNoBody() throws Exception {
    try (RawHttp c = connect()) {
      c.send("HEAD /hello?x HTTP/1.1\r\nHost: x\r\n\r\nGET /hello?y HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Answer head = c.read(true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Content-Length")).isEqualTo("7"); // "hello x"
      assertThat(head.header("Date")).endsWith(" GMT");
      assertThat(c.read().body()).isEqualTo("hello y");
    }
  }

  @Test
  void answersHeadWithTheLengthAHandlerDeclaresWhenItHasNoBody() throws Exception {
    try (RawHttp c = connect()) {
      // As a proxy does for HEAD: no body to show, and the backend's length passed on.
      c.send("HEAD /proxied HTTP/1.1\r\nHost: x\r\n\r\nGET /proxied HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read(true).header("Content-Length")).isEqualTo("42");
      // On GET the body decides, whatever the handler declared.
      assertThat(c.read().header("Content-Length")).isEqualTo("0");
    }
  }

  @Test
  void acceptsAbsoluteFormTargetsLoneLineFeedsAndEmptyLinesBeforeARequest() throws Exception {
    try (RawHttp c = connect()) {
      assertThat(c.send("GET http://x:1/hello?abs HTTP/1.1\r\nHost: x\r\n\r\n").read().body())
          .isEqualTo("hello abs");
      assertThat(c.send("\r\nGET /hello?lf HTTP/1.1\nHost: x\n\n").read().body())
          .isEqualTo("hello lf");
    }
  }

  @Test
  void keepsHeaderNamesCaseInsensitiveAndTrimsValues() throws Exception {
    try (RawHttp c = connect()) {
      JsonNode body =
          Json.parse(
              c.send("GET /headers HTTP/1.1\r\nhOsT:   x:1  \r\nX-CUSTOM:\tv\r\n\r\n")
                  .read()
                  .body()
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(body.path("host").asText()).isEqualTo("x:1");
      assertThat(body.path("custom").asText()).isEqualTo("v");
      assertThat(body.path("remote").asText()).startsWith("127.0.0.1:");
    }
  }

  @Test
  void closesAConnectionIdleLongerThanTheTimeout() throws Exception {
    try (RawHttp c = connect()) {
      assertThat(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
      long t0 = System.nanoTime();
      assertThat(c.closedByServer()).isTrue(); // the idle timeout is 300 ms here
      assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(200L, 3000L);
    }
    awaitNoConnections();
  }

  @Test
  void aClientThatDisconnectsMidRequestLeavesNoConnectionBehind() throws Exception {
    String[] halves = {
      "GET /hel",
      "GET /hello HTTP/1.1\r\nHost: x\r\n",
      "POST /text HTTP/1.1\r\nHost: x\r\n" + "Content-Length: 50\r\n\r\nonly part of the body",
      "POST /text HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
    };
    for (String half : halves) {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        OutputStream out = s.getOutputStream();
        out.write(half.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    }
    awaitNoConnections();
    assertThat(handled).hasValue(0);
  }

  @Test
  void closeEndsOpenConnectionsAndStopsAccepting() throws Exception {
    RawHttp idle = connect();
    assertThat(idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
    int port = server.port();
    server.close();
    assertThat(idle.closedByServer()).isTrue();
    idle.close();
    assertThat(transport().openConnections()).isZero();
    assertThat(refusedOrClosed(port)).isTrue();
  }

  private static boolean refusedOrClosed(int port) {
    try (RawHttp c = new RawHttp(port)) {
      return c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").closedByServer();
    } catch (java.io.IOException e) {
      return true;
    }
  }

  private VirtualThreadTransport transport() {
    return (VirtualThreadTransport) server.transport();
  }

  /** Each connection's thread ends by itself once its client is gone; give it a moment. */
  private void awaitNoConnections() throws InterruptedException {
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (transport().openConnections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(transport().openConnections()).isZero();
  }
}
