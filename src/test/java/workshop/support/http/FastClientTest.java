package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The balancer's forwarding client against a real server on port 0. */
class FastClientTest {
  private WebServer server;
  private FastClient client;

  @BeforeEach
  void start() {
    server =
        WebServer.builder("backend")
            .engine(WebServer.Engine.VIRTUAL_THREAD_PER_CONNECTION)
            .idleTimeout(Duration.ofMillis(100))
            .routes(
                new Routes()
                    .get("/fast", r -> Response.text(200, "fast " + r.rawQuery()))
                    .post("/echo", r -> Response.text(200, r.bodyText()))
                    .get(
                        "/slow",
                        r -> {
                          Thread.sleep(1000);
                          return Response.text(200, "late");
                        }))
            .start();
    client = new FastClient(Duration.ofSeconds(2), "tester", FaultPolicy.NONE, 8);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private ClientResponse get(String target, Duration timeout) {
    return client.send("GET", server.url(), target, Map.of(), null, timeout);
  }

  @Test
  void carriesSequentialCallsOnOneConnection() {
    for (int i = 0; i < 5; i++) {
      assertThat(get("/fast?" + i, Duration.ofSeconds(2)).text()).isEqualTo("fast " + i);
    }
    ClientResponse echoed =
        client.send(
            "POST",
            server.url() + "/echo",
            Map.of("Content-Type", "text/plain"),
            "x".repeat(20_000).getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(2));
    assertThat(echoed.text()).hasSize(20_000); // a body too big to share the head's write
    assertThat(((VirtualThreadTransport) server.transport()).openConnections()).isEqualTo(1);
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
    // The watchdog looks every 10 ms; the slow handler would answer after 1000 ms.
    assertThat(ms).isBetween(200L, 700L);
    // The late answer must not be read as the answer to the next call.
    assertThat(get("/fast?next", Duration.ofSeconds(2)).text()).isEqualTo("fast next");
  }

  @Test
  void retriesOnceWhenThePooledConnectionWasClosedByTheServer() throws Exception {
    assertThat(get("/fast?1", Duration.ofSeconds(2)).status()).isEqualTo(200);
    Thread.sleep(400); // past the server's 100 ms idle timeout: it closes the pooled connection
    assertThat(get("/fast?2", Duration.ofSeconds(2)).text()).isEqualTo("fast 2");
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
  void skipsInterimAnswersAndReturnsTheFinalOne() throws Exception {
    try (ServerSocket backend = new ServerSocket(0)) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (var s = backend.accept()) {
                  s.getInputStream().read(new byte[4096]);
                  s.getOutputStream()
                      .write(
                          ("HTTP/1.1 100 Continue\r\n\r\n"
                                  + "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                                  + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")
                              .getBytes(StandardCharsets.ISO_8859_1));
                  s.getInputStream().read(); // until the client is done
                } catch (java.io.IOException e) {
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
}
