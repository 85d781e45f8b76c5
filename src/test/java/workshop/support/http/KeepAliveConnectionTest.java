package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import workshop.support.json.Json;

class KeepAliveConnectionTest {
  record Got(@Json.Optional String k) {}

  @Test
  void sendsTheSameRequestRepeatedlyOnOneConnection() {
    AtomicInteger seen = new AtomicInteger();
    try (WebServer s =
            WebServer.builder("t")
                .routes(
                    new Routes()
                        .post(
                            "/data",
                            r -> {
                              seen.incrementAndGet();
                              assertThat(r.header(Peers.HEADER)).isEqualTo("load-client");
                              return Response.ok(Json.map("got", r.read(Got.class).k()))
                                  .withHeader("X-Active-Requests", "7");
                            }))
                .start();
        KeepAliveConnection c =
            new KeepAliveConnection(
                "POST",
                s.url() + "/data",
                "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(2),
                "X-Active-Requests")) {
      for (int i = 0; i < 100; i++) {
        KeepAliveConnection.Answer a = c.call();
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header()).isEqualTo("7");
      }
      assertThat(seen.get()).isEqualTo(100);
    }
  }

  @Test
  void readsChunkedAnswersAndReconnectsAfterConnectionClose() throws Exception {
    HttpServer raw = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger n = new AtomicInteger();
    raw.createContext(
        "/",
        ex -> {
          if (n.incrementAndGet() % 2 == 0) {
            ex.getResponseHeaders().set("Connection", "close");
          }
          ex.sendResponseHeaders(404, 0); // 0 = chunked
          try (OutputStream out = ex.getResponseBody()) {
            out.write("x".repeat(20_000).getBytes(StandardCharsets.US_ASCII));
          }
        });
    raw.start();
    try (KeepAliveConnection c =
        new KeepAliveConnection(
            "GET",
            "http://127.0.0.1:" + raw.getAddress().getPort() + "/",
            null,
            Duration.ofSeconds(2),
            null)) {
      for (int i = 0; i < 6; i++) {
        assertThat(c.call().status()).isEqualTo(404);
      }
    } finally {
      raw.stop(0);
    }
  }

  @Test
  void reportsRefusedAndTimeoutLikeTheWebClient() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (KeepAliveConnection c =
        new KeepAliveConnection(
            "GET", "http://127.0.0.1:" + port + "/", null, Duration.ofSeconds(1), null)) {
      assertThatThrownBy(c::call)
          .isInstanceOfSatisfying(
              CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.REFUSED));
    }
    try (ServerSocket silent = new ServerSocket(0);
        KeepAliveConnection c =
            new KeepAliveConnection(
                "GET",
                "http://127.0.0.1:" + silent.getLocalPort() + "/",
                null,
                Duration.ofMillis(200),
                null)) {
      assertThatThrownBy(c::call)
          .isInstanceOfSatisfying(
              CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.TIMEOUT));
    }
  }

  @Test
  void treatsAnAnswerThatIsNotHttpAsAReset() throws Exception {
    try (ServerSocket junk = new ServerSocket(0)) {
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (var s = junk.accept()) {
                      s.getInputStream().read(new byte[1024]);
                      s.getOutputStream()
                          .write("garbage garbage\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (Exception e) {
                      // test peer
                    }
                  });
      try (KeepAliveConnection c =
          new KeepAliveConnection(
              "GET",
              "http://127.0.0.1:" + junk.getLocalPort() + "/",
              null,
              Duration.ofSeconds(2),
              null)) {
        assertThatThrownBy(c::call)
            .isInstanceOfSatisfying(
                CallFailure.class, f -> assertThat(f.kind()).isEqualTo(CallFailure.Kind.RESET));
      }
      t.join();
    }
  }
}
