package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import workshop.support.json.Json;
import workshop.tools.http.FileServer;

/**
 * {@code GET /info} and {@code GET /clients} on real servers and sockets: every kind of workshop
 * server answers both from the shared layer, with its own role; the counters move with real
 * requests (answers by status class, requests in progress); each open connection is listed with
 * what it last asked, and leaves the list when it closes; the faults in force are named.
 */
class InfoAndClientsTest {
  @TempDir Path dir;

  static Stream<String> kinds() {
    return Stream.concat(HostileClientsTest.kinds(), Stream.of("cap replica", "file server"));
  }

  private HostileClientsTest.Running start(String kind) {
    if (!kind.equals("file server")) {
      return HostileClientsTest.start(kind);
    }
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    FileServer s =
        FileServer.start(
            "serve", dir, "127.0.0.1", 0, FaultPolicy.NONE, quiet, InstantSource.system());
    return new HostileClientsTest.Running(s.port(), s.url(), s);
  }

  private static JsonNode get(RawHttp client, String path) throws Exception {
    RawHttp.Answer a = client.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
    assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
    return Json.parse(a.body().getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyKindOfServerAnswersInfoAndClientsWithItsRole(String kind) throws Exception {
    try (HostileClientsTest.Running server = start(kind);
        RawHttp client = new RawHttp(server.port())) {
      JsonNode info = get(client, "/info");
      JsonNode clients = get(client, "/clients");

      assertThat(info.path("server").path("role").asText()).as(kind).isNotBlank();
      assertThat(info.path("server").path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
      assertThat(info.path("server").path("port").asInt()).isEqualTo(server.port());
      // The /info request itself is in progress while it is answered, on the one connection.
      assertThat(info.path("clients").path("active_requests").asLong()).isEqualTo(1);
      assertThat(info.path("clients").path("connected_clients").asInt()).isEqualTo(1);
      assertThat(info.path("faults").path("rules").isArray()).isTrue();
      assertThat(clients.path("clients")).hasSize(1);
      assertThat(clients.path("clients").get(0).path("last").asText()).isEqualTo("GET /clients");
      assertThat(clients.path("clients").get(0).path("requests").asLong()).isEqualTo(2);
    }
  }

  @Test
  void aNodeSaysItsRoleIdAndKeys() throws Exception {
    try (HostileClientsTest.Running node = HostileClientsTest.start("node");
        RawHttp client = new RawHttp(node.port())) {
      String body = "{\"key\":\"a\",\"value\":\"1\"}";
      client
          .send(
              "POST /data HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length()
                  + "\r\n\r\n"
                  + body)
          .read();
      JsonNode info = get(client, "/info");

      assertThat(info.path("server").path("name").asText()).isEqualTo("node-1");
      assertThat(info.path("server").path("role").asText()).isEqualTo("node");
      assertThat(info.path("server").path("id").asInt()).isEqualTo(1);
      assertThat(info.path("keyspace").path("keys").asInt()).isEqualTo(1);
    }
  }

  @Test
  void countsAnswersByStatusClassAndShowsRequestsInProgress() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    Routes routes =
        new Routes()
            .get(
                "/slow",
                r -> {
                  entered.countDown();
                  release.await(10, TimeUnit.SECONDS);
                  return Response.ok(Map.of());
                })
            .get(
                "/boom",
                r -> {
                  throw HttpError.badRequest("a test's refusal");
                });
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    try (WebServer server = WebServer.builder("test").routes(routes).start();
        RawHttp slow = new RawHttp(server.port());
        RawHttp client = new RawHttp(server.port())) {
      client.send("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n").read();
      client.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n").read();
      Future<RawHttp.Answer> slowAnswer =
          pool.submit(() -> slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n").read());
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

      JsonNode info = get(client, "/info");
      JsonNode clients = get(client, "/clients").path("clients");
      release.countDown();
      slowAnswer.get(10, TimeUnit.SECONDS);

      // Two 4xx (a 404 and a 400) before /info; its own answer is counted after it is sent.
      assertThat(info.path("stats").path("answers_4xx").asLong()).isEqualTo(2);
      assertThat(info.path("stats").path("answers_2xx").asLong()).isZero();
      // /slow and /info itself.
      assertThat(info.path("clients").path("active_requests").asLong()).isEqualTo(2);
      assertThat(info.path("clients").path("connected_clients").asInt()).isEqualTo(2);
      assertThat(info.path("server").path("role").asText()).isEqualTo("test");
      assertThat(clients).hasSize(2);
      // Which connection the server numbered first is a race: find each by what it asked last.
      JsonNode busy = byLast(clients, "GET /slow");
      assertThat(busy.path("active").asBoolean()).isTrue();
      assertThat(busy.path("idle_ms").asLong()).isZero();
      assertThat(byLast(clients, "GET /clients").path("requests").asLong()).isEqualTo(4);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aClosedConnectionLeavesTheList() throws Exception {
    try (WebServer server = WebServer.builder("test").start();
        RawHttp asker = new RawHttp(server.port())) {
      try (RawHttp other = new RawHttp(server.port())) {
        other.send("GET /health HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n").read();
        JsonNode both = get(asker, "/clients").path("clients");
        assertThat(both).hasSize(2);
        // Which of the two the server numbered first is a race (it records a connection when its
        // first bytes arrive): find the other one by what it asked.
        assertThat(byLast(both, "GET /health").path("http").asText()).isEqualTo("1.0");
      }
      // The server sees the close when its read returns; poll briefly for it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      JsonNode left = get(asker, "/clients").path("clients");
      while (left.size() > 1 && System.nanoTime() < deadline) {
        Thread.sleep(20);
        left = get(asker, "/clients").path("clients");
      }
      assertThat(left).hasSize(1);
      assertThat(left.get(0).path("last").asText()).isEqualTo("GET /clients");
    }
  }

  @Test
  void namesTheFaultsInForce() throws Exception {
    FaultPolicy faults =
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
          public Object describe() {
            return List.of("delay node-1 100ms: a round trip through node-1 takes 200 ms longer");
          }
        };
    try (WebServer server = WebServer.builder("test").faults(faults).start();
        RawHttp client = new RawHttp(server.port())) {
      JsonNode rules = get(client, "/info").path("faults").path("rules");

      assertThat(rules).hasSize(1);
      assertThat(rules.get(0).asText()).startsWith("delay node-1 100ms");
    }
  }

  @Test
  void hostilePathsAndMethodsGetJsonRefusals() throws Exception {
    try (WebServer server = WebServer.builder("test").start();
        RawHttp client = new RawHttp(server.port())) {
      RawHttp.Answer post = client.send("POST /info HTTP/1.1\r\nHost: x\r\n\r\n").read();
      RawHttp.Answer below = client.send("GET /clients/1 HTTP/1.1\r\nHost: x\r\n\r\n").read();
      RawHttp.Answer dots = client.send("GET /info/../../etc HTTP/1.1\r\nHost: x\r\n\r\n").read();
      RawHttp.Answer query =
          client.send("GET /info?x=%3Cscript%3E HTTP/1.1\r\nHost: x\r\n\r\n").read();

      assertThat(post.status()).isEqualTo(405);
      assertThat(post.header("Allow")).contains("GET");
      assertThat(below.status()).isEqualTo(404);
      assertThat(dots.status()).isIn(400, 404);
      assertThat(dots.body()).contains("\"error\"");
      // A query is ignored, and nothing of it comes back.
      assertThat(query.status()).isEqualTo(200);
      assertThat(query.body()).doesNotContain("script");
    }
  }

  /** The connection in {@code clients} whose last request was {@code last}. */
  private static JsonNode byLast(JsonNode clients, String last) {
    for (JsonNode c : clients) {
      if (c.path("last").asText().equals(last)) {
        return c;
      }
    }
    throw new AssertionError("no connection whose last request was " + last + " in " + clients);
  }
}
