package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import workshop.support.json.Json;

/** What every workshop server does for its handlers, over real sockets. */
class WebServerTest {
  record Echo(@Json.Optional String x) {}

  private static WebServer echo(FaultPolicy faults) {
    return WebServer.builder("test")
        .routes(
            new Routes()
                .post("/echo", r -> Response.ok(Json.map("got", r.read(Echo.class).x())))
                .post("/text", r -> Response.text(200, r.bodyText()))
                .get(
                    "/boom",
                    r -> {
                      throw new IllegalStateException("kaput");
                    }))
        .observe(
            new Observable() {
              @Override
              public Object health() {
                return Json.map("status", "ok");
              }

              @Override
              public Object stats() {
                return Json.map("n", 1);
              }
            })
        .maxBodyBytes(1024)
        .faults(faults)
        .start();
  }

  @Test
  void servesHealthAndStatsByConvention() {
    try (WebServer s = echo(FaultPolicy.NONE);
        WebClient c = WebClient.create(Duration.ofSeconds(2))) {
      assertThat(c.get(s.url() + "/health").text()).isEqualTo("{\"status\":\"ok\"}");
      assertThat(c.get(s.url() + "/stats").text()).isEqualTo("{\"n\":1}");
    }
  }

  @Test
  void answersMalformedJsonWith400SayingWhy() {
    try (WebServer s = echo(FaultPolicy.NONE);
        WebClient c = WebClient.create(Duration.ofSeconds(2))) {
      ClientResponse r =
          c.send(
              "POST",
              s.url() + "/echo",
              Map.of(),
              "{nope".getBytes(StandardCharsets.UTF_8),
              Duration.ofSeconds(2));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().path("error").asText()).isEqualTo("malformed_json");
      assertThat(r.json().path("detail").asText()).startsWith("the body is not valid JSON");
      ClientResponse array = c.postJson(s.url() + "/echo", java.util.List.of(1, 2));
      assertThat(array.status()).isEqualTo(400);
      assertThat(array.json().path("detail").asText())
          .isEqualTo("the body must be a JSON object, not an array");
      ClientResponse empty = c.post(s.url() + "/echo");
      assertThat(empty.json().path("detail").asText()).contains("empty");
    }
  }

  @Test
  void refusesBodiesOverTheLimitWith413() {
    try (WebServer s = echo(FaultPolicy.NONE);
        WebClient c = WebClient.create(Duration.ofSeconds(2))) {
      ClientResponse r = c.postJson(s.url() + "/echo", Json.map("x", "y".repeat(2000)));
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.json().path("detail").asText()).contains("at most 1024 bytes");
    }
  }

  @Test
  void aClientStillSendingItsOversizedBodyReadsThe413() {
    // A client writes its whole body before it reads; a server that closed on the unread rest
    // would reset the connection and the answer would be lost on the way.
    try (WebServer s =
            WebServer.builder("test")
                .routes(new Routes().post("/echo", r -> Response.text(200, r.bodyText())))
                .maxBodyBytes(1024 * 1024)
                .start();
        WebClient c = WebClient.create(Duration.ofSeconds(2))) {
      for (int i = 0; i < 10; i++) {
        ClientResponse r =
            c.send(
                "POST",
                s.url() + "/echo",
                Map.of(),
                new byte[6 * 1024 * 1024],
                Duration.ofSeconds(5));
        assertThat(r.status()).as("attempt " + i).isEqualTo(413);
        assertThat(r.json().path("detail").asText())
            .isEqualTo(
                "the body is 6291456 bytes; this server accepts at most 1048576 bytes (1024 KiB)");
      }
    }
  }

  @Test
  void refusesAChunkedBodyOverTheLimitToo() throws Exception {
    try (WebServer s = echo(FaultPolicy.NONE);
        Socket socket = new Socket("127.0.0.1", s.port())) {
      OutputStream out = socket.getOutputStream();
      String chunk = "x".repeat(2000);
      out.write(
          ("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + Integer.toHexString(chunk.length())
                  + "\r\n"
                  + chunk
                  + "\r\n0\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void turnsAnUnexpectedExceptionIntoA500WithoutAStackTrace() {
    try (WebServer s = echo(FaultPolicy.NONE);
        WebClient c = WebClient.create(Duration.ofSeconds(2))) {
      ClientResponse r = c.get(s.url() + "/boom");
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.text()).contains("kaput").doesNotContain("at workshop.");
    }
  }

  @Test
  void reportsAPortInUseWithTheFix() {
    try (WebServer s = echo(FaultPolicy.NONE)) {
      assertThatThrownBy(() -> WebServer.builder("second").port(s.port()).start())
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("Port " + s.port() + " on 127.0.0.1 is already in use")
          .hasMessageContaining("--port");
    }
  }

  @Test
  void mentionsAirPlayForPort5000() {
    assertThat(PortInUseException.message("127.0.0.1", 5000)).contains("AirPlay");
    assertThat(PortInUseException.message("127.0.0.1", 5001)).doesNotContain("AirPlay");
  }

  @Test
  void inboundFaultsCanRejectAndDropByPeer() {
    FaultPolicy policy =
        new FaultPolicy() {
          @Override
          public FaultAction inbound(String fromPeer, String method, String path) {
            return switch (fromPeer) {
              case "rejected" -> new FaultAction.Reject("test");
              case "dropped" -> new FaultAction.Drop("test");
              default -> FaultAction.PASS;
            };
          }

          @Override
          public FaultAction outbound(String toPeer, String method, String path) {
            return FaultAction.PASS;
          }
        };
    try (WebServer s = echo(policy);
        WebClient ok = WebClient.builder().peerName("fine").timeout(Duration.ofSeconds(2)).build();
        WebClient rejected =
            WebClient.builder().peerName("rejected").timeout(Duration.ofSeconds(2)).build();
        WebClient dropped =
            WebClient.builder().peerName("dropped").timeout(Duration.ofMillis(300)).build()) {
      assertThat(ok.get(s.url() + "/health").status()).isEqualTo(200);
      assertThatThrownBy(() -> rejected.get(s.url() + "/health"))
          .isInstanceOfSatisfying(
              CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.RESET));
      assertThatThrownBy(() -> dropped.get(s.url() + "/health"))
          .isInstanceOfSatisfying(
              CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.TIMEOUT));
    }
  }

  @Test
  void aLostAnswerMeansTheHandlerRanAndTheCallerHeardNothing() {
    AtomicInteger handled = new AtomicInteger();
    FaultPolicy policy =
        new FaultPolicy() {
          @Override
          public FaultAction inbound(String fromPeer, String method, String path) {
            return FaultAction.PASS;
          }

          @Override
          public FaultAction inbound(String fromPeer, String net, String method, String path) {
            return new FaultAction.LoseAnswer(Duration.ZERO, "cut".equals(net), "lost");
          }

          @Override
          public FaultAction outbound(String toPeer, String method, String path) {
            return FaultAction.PASS;
          }
        };
    try (WebServer s =
            WebServer.builder("test")
                .routes(new Routes().post("/work", r -> Response.ok(handled.incrementAndGet())))
                .faults(policy)
                .start();
        WebClient c = WebClient.builder().timeout(Duration.ofMillis(300)).build()) {
      assertThatThrownBy(() -> c.post(s.url() + "/work"))
          .isInstanceOfSatisfying(
              CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.TIMEOUT));
      // With the refusing kind, the connection is closed at once instead.
      long t0 = System.nanoTime();
      assertThatThrownBy(
              () ->
                  c.send(
                      "POST",
                      s.url() + "/work",
                      Map.of("X-Workshop-Net", "cut"),
                      null,
                      Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(
              CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.RESET));
      assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(2).toNanos());
      assertThat(handled.get()).as("both requests were handled").isEqualTo(2);
    }
  }

  @Test
  void theFaultLayerAddsItsRoutesAndWhatIsInForceToHealth() {
    FaultPolicy policy =
        new FaultPolicy() {
          @Override
          public FaultAction inbound(String fromPeer, String method, String path) {
            return FaultAction.PASS;
          }

          @Override
          public FaultAction outbound(String toPeer, String method, String path) {
            return FaultAction.PASS;
          }

          @Override
          public void addRoutes(Routes routes) {
            routes.get("/fault/test", r -> Response.text(200, "layer"));
          }

          @Override
          public Object describe() {
            return List.of("delay all 1ms");
          }
        };
    try (WebServer s = echo(policy);
        WebClient c = WebClient.create(Duration.ofSeconds(2))) {
      assertThat(c.get(s.url() + "/fault/test").text()).isEqualTo("layer");
      assertThat(c.get(s.url() + "/health").text())
          .isEqualTo("{\"status\":\"ok\",\"faults\":[\"delay all 1ms\"]}");
    }
  }

  @Test
  void beyondLoopbackTheFaultLayersRoutesNeedTheTokenOrAreLeftOut() {
    FaultPolicy layer =
        new FaultPolicy() {
          @Override
          public FaultAction inbound(String fromPeer, String method, String path) {
            return FaultAction.PASS;
          }

          @Override
          public FaultAction outbound(String toPeer, String method, String path) {
            return FaultAction.PASS;
          }

          @Override
          public void addRoutes(Routes routes) {
            routes.destructive("POST", "/fault/test", r -> Response.text(200, "broken"));
          }
        };
    // Bound to every interface: without a token the server still starts, with no fault routes.
    try (WebServer open = WebServer.builder("open").host("0.0.0.0").faults(layer).start();
        WebServer guarded =
            WebServer.builder("guarded").host("0.0.0.0").token("s3cret").faults(layer).start();
        WebClient c = WebClient.create(Duration.ofSeconds(2))) {
      assertThat(c.post("http://127.0.0.1:" + open.port() + "/fault/test").status()).isEqualTo(404);
      assertThat(c.post("http://127.0.0.1:" + guarded.port() + "/fault/test").status())
          .isEqualTo(403);
    }
  }

  @Test
  void answersHeadWithoutABodyAndKeepsTheConnection() throws Exception {
    try (WebServer s = echo(FaultPolicy.NONE);
        RawHttp c = new RawHttp(s.port())) {
      c.send("HEAD /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Answer head = c.read(true);
      RawHttp.Answer get = c.read();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Content-Type")).isEqualTo(Response.JSON);
      // Had the HEAD answer carried a body, it would have been read as the GET's status line.
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.body()).isEqualTo("{\"status\":\"ok\"}");
    }
  }

  @Test
  void keepsConnectionsOpenWithoutSayingSoAndSendsHeaderNamesAsSpelled() throws Exception {
    try (WebServer s =
            WebServer.builder("test")
                .routes(
                    new Routes()
                        .get(
                            "/spelled",
                            r ->
                                Response.text(200, "ok")
                                    .withHeader("X-Node-Id", "1")
                                    .withHeader("x-lower", "2")))
                .start();
        RawHttp c = new RawHttp(s.port())) {
      for (int i = 0; i < 2; i++) {
        c.send("GET /spelled HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttp.Answer answer = c.read();
        assertThat(answer.status()).isEqualTo(200);
        // HTTP/1.1 persists by default (RFC 9112 9.3); the second answer on this socket shows it.
        assertThat(answer.header("Connection")).isNull();
        assertThat(answer.spelledNames()).contains("X-Node-Id", "x-lower");
      }
    }
  }

  @Test
  void sendsContinueBeforeTheBodyWhenAsked() throws Exception {
    try (WebServer s = echo(FaultPolicy.NONE);
        RawHttp c = new RawHttp(s.port())) {
      c.send("POST /text HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
      assertThat(c.read(true).status()).isEqualTo(100);
      RawHttp.Answer answer = c.send("hello").read();
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("hello");
    }
  }

  @Test
  void decodesAChunkedRequestBody() throws Exception {
    try (WebServer s = echo(FaultPolicy.NONE);
        RawHttp c = new RawHttp(s.port())) {
      c.send(
          "POST /text HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n");
      assertThat(c.read().body()).isEqualTo("hello, world");
    }
  }

  @Test
  void refusesAChunkExtensionWithA400SayingSo() throws Exception {
    // RFC 9112 lets a server ignore ';name=value' after a chunk size; the server library reads
    // the size line as a bare hex number instead, so the workshop says what it cannot read.
    try (WebServer s = echo(FaultPolicy.NONE);
        RawHttp c = new RawHttp(s.port())) {
      c.send(
          "POST /text HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5;ext=1\r\nhello\r\n0\r\n\r\n");
      RawHttp.Answer answer = c.read();
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body()).contains("chunk extensions");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void refusesHttp2PriorKnowledgeWith505SayingWhichVersionToSend() throws Exception {
    try (WebServer s = echo(FaultPolicy.NONE);
        RawHttp c = new RawHttp(s.port())) {
      RawHttp.Answer answer = c.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").read();
      assertThat(answer.status()).isEqualTo(505);
      assertThat(answer.body())
          .contains("\"http_version_not_supported\"")
          .contains("not HTTP/2.0; send HTTP/1.1");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void answersUnknownPathsAndWrongMethodsInJson() {
    try (WebServer s = echo(FaultPolicy.NONE);
        WebClient c = WebClient.create(Duration.ofSeconds(2))) {
      ClientResponse missing = c.get(s.url() + "/nope?x=1");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.json().path("error").asText()).isEqualTo("unknown_path");
      ClientResponse wrong = c.get(s.url() + "/echo");
      assertThat(wrong.status()).isEqualTo(405);
      assertThat(wrong.header("Allow")).isEqualTo("POST");
    }
  }
}
