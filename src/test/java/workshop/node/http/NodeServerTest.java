package workshop.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import workshop.node.CpuMode;
import workshop.node.NodeConfig;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/** A real node on a free port, called over real HTTP: the manual's Step 2 and every bad input. */
class NodeServerTest {
  private static final Duration CALL = Duration.ofSeconds(30);

  private NodeServer node;
  private WebClient http;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    node = start(new NodeConfig(1, "127.0.0.1", 0, 0, 1));
    // A bound on liveness, not a timing check: the class's first calls in a fresh JVM load the
    // server's and the client's classes, which took over 5 s on two cores at load average 20-38.
    http = WebClient.builder().timeout(CALL).build();
  }

  private NodeServer start(NodeConfig config) {
    return NodeServer.start(
        config, FaultPolicy.NONE, new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    node.close();
    http.close();
  }

  private ClientResponse post(String body) {
    return http.send(
        "POST",
        node.url() + "/data",
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8),
        CALL);
  }

  @Test
  void answersTheOriginalShapes() {
    assertThat(http.get(node.url() + "/").text())
        .isEqualTo("{\"message\":\"Node is running\",\"id\":1}");
    assertThat(http.get(node.url() + "/health").text())
        .isEqualTo("{\"status\":\"ok\",\"node_id\":1,\"active_requests\":1}");
    assertThat(post("{\"key\": \"user_123\", \"value\": \"Alice\"}").text())
        .isEqualTo(
            "{\"status\":\"stored\",\"node_id\":1,\"key\":\"user_123\",\"value\":\"Alice\"}");
    assertThat(http.get(node.url() + "/data/user_123").text())
        .isEqualTo("{\"node_id\":1,\"key\":\"user_123\",\"value\":\"Alice\"}");
  }

  @Test
  void stampsEveryAnswerWithActiveRequestsAndNodeId() {
    ClientResponse r = post("{\"key\":\"a\",\"value\":\"b\"}");
    assertThat(r.header("X-Active-Requests")).isEqualTo("1");
    assertThat(r.header("X-Node-Id")).isEqualTo("1");
    assertThat(http.get(node.url() + "/nope").header("X-Node-Id")).isEqualTo("1");
  }

  @Test
  void answersAMissingKeyWith404InTheOriginalWords() {
    ClientResponse r = http.get(node.url() + "/data/ghost");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().path("detail").asText()).isEqualTo("Key 'ghost' not found on Node 1");
  }

  @Test
  void rejectsBadBodiesWithAReasonAndStoresNothing() {
    assertThat(post("{\"value\":\"v\"}").json().path("detail").asText())
        .isEqualTo("field 'key' is required (a non-empty string)");
    assertThat(post("{\"key\":\"k\"}").status()).isEqualTo(422);
    assertThat(post("{\"key\":\" \",\"value\":\"v\"}").status()).isEqualTo(422);
    assertThat(post("{\"key\":\"k\",\"value\":\"\"}").status()).isEqualTo(422);
    assertThat(post("{\"key\":\"k\",\"value\":{\"nested\":1}}").json().path("detail").asText())
        .isEqualTo("field 'value' must be a string, not an object");
    assertThat(post("{\"key\":[1],\"value\":\"v\"}").status()).isEqualTo(422);
    assertThat(post("{\"junk\":\"data\"}").status()).isEqualTo(422);
    assertThat(post("{\"key\":\"k\",").status()).isEqualTo(400);
    assertThat(post("[]").status()).isEqualTo(400);
    assertThat(post("").status()).isEqualTo(400);
    assertThat(
            post("{\"key\":\"" + "k".repeat(5000) + "\",\"value\":\"v\"}")
                .json()
                .path("detail")
                .asText())
        .isEqualTo("field 'key' is 5000 characters long; the limit is 1024");
    JsonNode stats = http.get(node.url() + "/stats").json();
    assertThat(stats.path("keys").asInt()).isZero();
  }

  @Test
  void rejectsBodiesOverOneMebibyteWith413() {
    ClientResponse r = post("{\"key\":\"k\",\"value\":\"" + "v".repeat(1024 * 1024) + "\"}");
    assertThat(r.status()).isEqualTo(413);
    assertThat(http.get(node.url() + "/stats").json().path("keys").asInt()).isZero();
  }

  @Test
  void acceptsNumbersAsValuesAsTheOriginalDid() {
    assertThat(post("{\"key\":\"n\",\"value\":42}").json().path("value").asText()).isEqualTo("42");
  }

  @Test
  void rejectsAnOverlongKeyInThePath() {
    ClientResponse r = http.get(node.url() + "/data/" + "k".repeat(2000));
    assertThat(r.status()).isEqualTo(422);
  }

  @Test
  void answersUnknownPathsAndMethodsWithJsonErrors() {
    assertThat(http.get(node.url() + "/nope").status()).isEqualTo(404);
    ClientResponse wrong =
        http.send("PUT", node.url() + "/data/x", Map.of(), null, Duration.ofSeconds(2));
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.json().path("error").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void listsItsKeysAndDeletesOneForTheShardRouter() {
    post("{\"key\": \"b\", \"value\": \"2\"}");
    post("{\"key\": \"a\", \"value\": \"1\"}");
    assertThat(http.get(node.url() + "/keys").text())
        .isEqualTo("{\"node_id\":1,\"count\":2,\"keys\":[\"a\",\"b\"]}");
    ClientResponse deleted =
        http.send("DELETE", node.url() + "/data/a", Map.of(), null, Duration.ofSeconds(2));
    assertThat(deleted.text()).isEqualTo("{\"status\":\"deleted\",\"node_id\":1,\"key\":\"a\"}");
    assertThat(http.get(node.url() + "/data/a").status()).isEqualTo(404);
    ClientResponse again =
        http.send("DELETE", node.url() + "/data/a", Map.of(), null, Duration.ofSeconds(2));
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().path("detail").asText()).isEqualTo("Key 'a' not found on Node 1");
    ClientResponse tooLong =
        http.send(
            "DELETE",
            node.url() + "/data/" + "k".repeat(2000),
            Map.of(),
            null,
            Duration.ofSeconds(2));
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(http.get(node.url() + "/keys").json().path("count").asInt()).isEqualTo(1);
  }

  @Test
  void keepsIdAndLoadFactorWithManyWorkersAndReportsThem() {
    node.close();
    node = start(new NodeConfig(2, "127.0.0.1", 0, 20, 10));
    post("{\"key\":\"a\",\"value\":\"b\"}");
    JsonNode stats = http.get(node.url() + "/stats").json();
    assertThat(stats.path("node_id").asInt()).isEqualTo(2);
    assertThat(stats.path("load_factor").asInt()).isEqualTo(20);
    assertThat(stats.path("workers").asInt()).isEqualTo(10);
    assertThat(stats.path("completed_requests").asLong()).isEqualTo(1);
    assertThat(stats.path("latency_ms").path("count").asLong()).isEqualTo(1);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("[Node 2] CPU Load: fib(20) took");
  }

  @Test
  void aSimulatedNodeAnswersOnceItsWorkIsDoneAndSaysWhereItRan() {
    node.close();
    // fib(30): 2,692,537 calls at 75 million a second = 35.90 ms on one simulated core.
    node = start(new NodeConfig(2, "127.0.0.1", 0, 30, 1, CpuMode.SIMULATED, 3));
    long t0 = System.nanoTime();
    assertThat(post("{\"key\":\"a\",\"value\":\"b\"}").status()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(35.9);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains(
            "[Node 2] CPU Load: fib(30) took 35.90ms on simulated core 1 of 3 (waited 0.00ms for a"
                + " worker, 0.00ms for a core)");
    JsonNode cpu = http.get(node.url() + "/stats").json().path("cpu");
    assertThat(cpu.toString())
        .isEqualTo(
            "{\"mode\":\"simulated\",\"cores\":3,\"busy_cores\":0,\"waiting_for_core\":0,"
                + "\"work_ms\":35.9}");
  }

  @Test
  void aRealCpuNodeComputesFibOnThisMachinesCores() {
    node.close();
    node = start(new NodeConfig(4, "127.0.0.1", 0, 22, 1, CpuMode.REAL, 2));
    assertThat(post("{\"key\":\"a\",\"value\":\"b\"}").status()).isEqualTo(200);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .containsPattern(
            "\\[Node 4\\] CPU Load: fib\\(22\\) took [0-9.]+ms on this machine's cores");
    JsonNode cpu = http.get(node.url() + "/stats").json().path("cpu");
    assertThat(cpu.path("mode").asText()).isEqualTo("real");
    assertThat(cpu.path("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void oneWorkerQueuesTheRestAndHealthStaysResponsive() throws Exception {
    for (CpuMode mode : CpuMode.values()) {
      node.close();
      // Work long enough to see the queue: fib(33) is 152 ms on a simulated core, fib(35)
      // about 40 ms on a real one.
      int loadFactor = mode == CpuMode.REAL ? 35 : 33;
      node = start(new NodeConfig(3, "127.0.0.1", 0, loadFactor, 1, mode, 2));
      List<CompletableFuture<ClientResponse>> calls = new ArrayList<>();
      var senders = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
      for (int i = 0; i < 4; i++) {
        calls.add(
            CompletableFuture.supplyAsync(() -> post("{\"key\":\"k\",\"value\":\"v\"}"), senders));
      }
      JsonNode stats = null;
      for (int i = 0; i < 200; i++) {
        stats = http.get(node.url() + "/stats").json();
        if (stats.path("queued_requests").asInt() >= 1
            && stats.path("working_requests").asInt() == 1) {
          break;
        }
        Thread.sleep(5);
      }
      assertThat(stats.path("working_requests").asInt()).as(mode.flag()).isEqualTo(1);
      assertThat(stats.path("queued_requests").asInt()).as(mode.flag()).isBetween(1, 3);
      long t0 = System.nanoTime();
      assertThat(http.get(node.url() + "/health").status()).isEqualTo(200);
      assertThat((System.nanoTime() - t0) / 1e6).isLessThan(1000);
      for (var c : calls) {
        assertThat(c.get().status()).isEqualTo(200);
      }
      senders.close();
      assertThat(http.get(node.url() + "/stats").json().path("completed_requests").asLong())
          .isEqualTo(4);
    }
  }

  @Test
  void storesAValueEveryJsonToolCanRead() {
    String weird = "ünïcødé \"quoted\" \n newline";
    post(Json.text(Json.map("key", "k:1/2", "value", weird)));
    assertThat(http.get(node.url() + "/data/k%3A1%2F2").json().path("value").asText())
        .isEqualTo(weird);
  }
}
