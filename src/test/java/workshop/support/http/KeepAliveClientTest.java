package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hot-path client against a real server, and against raw sockets for what servers get wrong.
 */
class KeepAliveClientTest {
  private final Set<String> connections = ConcurrentHashMap.newKeySet();
  private WebServer server;
  private KeepAliveClient client;

  @BeforeEach
  void start() {
    server =
        WebServer.builder("backend")
            .routes(
                new Routes()
                    .get("/fast", r -> seen(r, Response.text(200, "fast " + r.rawQuery())))
                    .get("/peer", r -> Response.text(200, String.valueOf(r.header(Peers.HEADER))))
                    .post("/echo", r -> seen(r, Response.text(200, r.bodyText())))
                    .get(
                        "/slow",
                        r -> {
                          Thread.sleep(1000);
                          return Response.text(200, "late");
                        }))
            .start();
    client = new KeepAliveClient(Duration.ofSeconds(2), "tester", 8);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private Response seen(Request r, Response answer) {
    connections.add(r.remoteAddress());
    return answer;
  }

  private ClientResponse get(String target, Duration timeout) {
    return client.send("GET", server.url(), target, Map.of(), null, timeout);
  }

  @Test
  void carriesSequentialCallsOnOneConnectionAndNamesTheCaller() {
    for (int i = 0; i < 5; i++) {
      assertThat(get("/fast?" + i, Duration.ofSeconds(2)).text()).isEqualTo("fast " + i);
    }
    ClientResponse echoed =
        client.send(
            "POST",
            server.url(),
            "/echo",
            Map.of("Content-Type", "text/plain"),
            "x".repeat(20_000).getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(2));
    assertThat(echoed.text()).hasSize(20_000);
    assertThat(connections).hasSize(1);
    assertThat(get("/peer", Duration.ofSeconds(2)).text()).isEqualTo("tester");
  }

  @Test
  void endsACallAtItsTimeoutAndDoesNotReuseThatConnection() {
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> get("/slow", Duration.ofMillis(200)))
        .isInstanceOfSatisfying(
            CallFailure.class,
            f -> {
              assertThat(f.kind()).isEqualTo(CallFailure.Kind.TIMEOUT);
              assertThat(f.getMessage())
                  .isEqualTo("no answer from 127.0.0.1:" + server.port() + " within 200 ms");
            });
    long ms = (System.nanoTime() - t0) / 1_000_000;
    // The slow handler would answer after 1000 ms.
    assertThat(ms).isBetween(200L, 900L);
    // The late answer must not be read as the answer to the next call.
    assertThat(get("/fast?next", Duration.ofSeconds(2)).text()).isEqualTo("fast next");
  }

  @Test
  void reportsNothingListeningAsRefused() throws Exception {
    String dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = "http://127.0.0.1:" + s.getLocalPort();
    }
    assertThatThrownBy(() -> client.send("GET", dead, "/", Map.of(), null, Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.REFUSED));
  }

  @Test
  void retriesOnceOnAFreshConnectionWhenThePooledOneWasClosedByTheServer() throws Exception {
    // A backend that answers once on each connection, keeps it as if for reuse, and then closes
    // it silently (as a restarted or idle-timing server does): the second POST goes out on that
    // dead connection, never reaches the backend, and must be sent again on a new one.
    try (ServerSocket backend = new ServerSocket(0)) {
      Thread.ofVirtual()
          .start(
              () -> {
                for (int i = 0; i < 2; i++) {
                  try (Socket s = backend.accept()) {
                    readHead(s.getInputStream());
                    s.getInputStream().read(); // the one-byte body
                    s.getOutputStream()
                        .write(
                            ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nansw" + (i + 1))
                                .getBytes(StandardCharsets.ISO_8859_1));
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      String base = "http://127.0.0.1:" + backend.getLocalPort();
      byte[] body = "x".getBytes(StandardCharsets.UTF_8);
      assertThat(client.send("POST", base, "/", Map.of(), body, Duration.ofSeconds(2)).text())
          .isEqualTo("answ1");
      Thread.sleep(200); // the backend has closed the first connection by now
      assertThat(client.send("POST", base, "/", Map.of(), body, Duration.ofSeconds(2)).text())
          .isEqualTo("answ2");
    }
  }

  @Test
  void sendsTheTargetAsHostWithNoConnectionHeaderAndReadsAChunkedAnswerWhole() throws Exception {
    try (ServerSocket backend = new ServerSocket(0)) {
      var head = new java.util.concurrent.CompletableFuture<String>();
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket s = backend.accept()) {
                  head.complete(readHeadText(s.getInputStream()));
                  s.getInputStream().readNBytes(2); // the body
                  s.getOutputStream()
                      .write(
                          ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                              .getBytes(StandardCharsets.ISO_8859_1));
                  s.getInputStream().read(); // until the client is done
                } catch (IOException e) {
                  head.completeExceptionally(e);
                }
              });
      int port = backend.getLocalPort();
      ClientResponse r =
          client.send(
              "POST",
              "http://127.0.0.1:" + port,
              "/p?q=1",
              Map.of("X-Forwarded-For", "10.0.0.1"),
              "hi".getBytes(StandardCharsets.UTF_8),
              Duration.ofSeconds(2));
      assertThat(r.text()).isEqualTo("abcde");
      String sent = head.get(2, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(sent)
          .startsWith("POST /p?q=1 HTTP/1.1\r\n")
          .contains("\r\nHost: 127.0.0.1:" + port + "\r\n")
          .contains("\r\nContent-Length: 2\r\n")
          .contains("\r\nX-Forwarded-For: 10.0.0.1\r\n")
          .contains("\r\n" + Peers.HEADER + ": tester\r\n");
      // HTTP/1.1 persists by default; a Connection header would only be parsed for nothing.
      assertThat(sent.toLowerCase(java.util.Locale.ROOT)).doesNotContain("connection:");
    }
  }

  @Test
  void skipsInterimAnswersAndReturnsTheFinalOne() throws Exception {
    try (ServerSocket backend = new ServerSocket(0)) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket s = backend.accept()) {
                  readHead(s.getInputStream());
                  s.getOutputStream()
                      .write(
                          ("HTTP/1.1 100 Continue\r\n\r\n"
                                  + "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                                  + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")
                              .getBytes(StandardCharsets.ISO_8859_1));
                  s.getInputStream().read(); // until the client is done
                } catch (IOException e) {
                  // the test fails on the client side
                }
              });
      ClientResponse r =
          client.send(
              "POST",
              "http://127.0.0.1:" + backend.getLocalPort(),
              "/",
              Map.of(),
              "x".getBytes(StandardCharsets.UTF_8),
              Duration.ofSeconds(2));
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.text()).isEqualTo("ok");
      assertThat(r.header("Link")).isNull();
    }
  }

  @Test
  void reportsAnAnswerThatIsNotHttp() throws Exception {
    try (ServerSocket backend = new ServerSocket(0)) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket s = backend.accept()) {
                  readHead(s.getInputStream());
                  s.getOutputStream()
                      .write("SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                  // the test fails on the client side
                }
              });
      assertThatThrownBy(
              () ->
                  client.send(
                      "GET",
                      "http://127.0.0.1:" + backend.getLocalPort(),
                      "/",
                      Map.of(),
                      null,
                      Duration.ofSeconds(2)))
          .isInstanceOfSatisfying(
              CallFailure.class,
              f -> {
                assertThat(f.kind()).isEqualTo(CallFailure.Kind.IO);
                assertThat(f.getMessage()).contains("malformed HTTP");
              });
    }
  }

  /** Reads one request head and returns it as text. */
  private static String readHeadText(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the request head ended early: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Reads one request head. */
  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed");
      }
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Test
  void theFaultSeamDecidesEachCallAndNamesTheCallerToTheCallee() {
    FaultPolicy faults =
        new FaultPolicy() {
          @Override
          public FaultAction inbound(String fromPeer, String method, String path) {
            return FaultAction.PASS;
          }

          @Override
          public FaultAction outbound(String toPeer, String method, String path) {
            return switch (path) {
              case "/fast?refused" -> new FaultAction.Reject("test");
              case "/fast?slow" -> new FaultAction.Delay(Duration.ofMillis(150));
              case "/fast?late" -> new FaultAction.Delay(Duration.ofSeconds(5));
              default -> FaultAction.PASS;
            };
          }

          @Override
          public String mark(String toPeer) {
            return "lb; decided";
          }
        };
    server.close();
    server =
        WebServer.builder("backend")
            .routes(
                new Routes()
                    .get("/fast", r -> Response.text(200, "fast"))
                    .get("/net", r -> Response.text(200, r.header(Peers.NET_HEADER))))
            .start();
    try (KeepAliveClient c = new KeepAliveClient(Duration.ofSeconds(2), "lb", 8, faults)) {
      String base = server.url();
      assertThat(c.send("GET", base, "/net", Map.of(), null, Duration.ofSeconds(2)).text())
          .isEqualTo("lb; decided");
      assertThatThrownBy(() -> c.send("GET", base, "/fast?refused", Map.of(), null, c.timeout()))
          .isInstanceOfSatisfying(
              CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.REFUSED));
      long t0 = System.nanoTime();
      assertThat(c.send("GET", base, "/fast?slow", Map.of(), null, c.timeout()).ok()).isTrue();
      assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
      // A delay past the call's timeout is that timeout, not a late answer.
      assertThatThrownBy(
              () -> c.send("GET", base, "/fast?late", Map.of(), null, Duration.ofMillis(200)))
          .isInstanceOfSatisfying(
              CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.TIMEOUT));
    }
  }
}
