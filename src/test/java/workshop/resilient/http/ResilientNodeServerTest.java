package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import workshop.protocol.http.ProtocolHost;
import workshop.support.http.ClientResponse;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * One replica against a registry that answers as the original's Python registry did ({@code nodes}
 * only, no {@code members}): it heartbeats in the original's shape, takes its peers from the
 * answer, says goodbye on leaving, and answers its own routes, bad input included.
 */
class ResilientNodeServerTest {
  final List<String> heartbeats = new CopyOnWriteArrayList<>();
  final List<String> goodbyes = new CopyOnWriteArrayList<>();
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  final WebClient http = WebClient.create(Duration.ofSeconds(10));
  WebServer original;
  ResilientNodeServer node;

  @BeforeEach
  void start() {
    original =
        WebServer.builder("original-registry")
            .host("127.0.0.1")
            .port(0)
            .routes(
                new Routes()
                    .post(
                        "/heartbeat",
                        r -> {
                          heartbeats.add(new String(r.body(), StandardCharsets.UTF_8));
                          return Response.ok(
                              Json.map(
                                  "status",
                                  "ok",
                                  "nodes",
                                  List.of(
                                      Json.map(
                                          "node_id", "node-7",
                                          "address", "http://127.0.0.1:5007",
                                          "port", 5007))));
                        })
                    .post(
                        "/deregister",
                        r -> {
                          goodbyes.add(new String(r.body(), StandardCharsets.UTF_8));
                          return Response.ok(Json.map("status", "ok"));
                        }))
            .start();
    node =
        ResilientNodeServer.start(
            "node-1",
            "127.0.0.1",
            0,
            original.url(),
            Duration.ofMillis(100),
            Duration.ofSeconds(30),
            1,
            new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    node.close();
    original.close();
    http.close();
  }

  private void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void itHeartbeatsInTheOriginalsShapeAndTakesItsPeersFromTheOriginalsAnswer() throws Exception {
    await(() -> http.get(node.url() + "/stats").text().contains("node-7"));
    assertThat(heartbeats.get(0))
        .isEqualTo(
            "{\"node_id\":\"node-1\",\"address\":\""
                + node.url()
                + "\",\"port\":"
                + node.port()
                + ",\"data_count\":0}");
    var stats = http.get(node.url() + "/stats").json();
    assertThat(stats.path("peers").toString()).isEqualTo("[\"node-7\"]");
    assertThat(stats.path("registry_reachable").asBoolean()).isTrue();
    await(() -> http.get(node.url() + "/health").json().path("caught_up").asBoolean());
    assertThat(http.get(node.url() + "/health").text())
        .isEqualTo(
            "{\"status\":\"healthy\",\"service\":\"resilient-node\",\"node_id\":\"node-1\",\"port\":"
                + node.port()
                + ",\"peer_count\":1,\"data_count\":0,\"caught_up\":true}");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("[node-1] registered with registry: it answered the first heartbeat; 1 alive");
  }

  @Test
  void leavingSaysGoodbyeInTheOriginalsShape() throws Exception {
    await(() -> !heartbeats.isEmpty());
    node.leave();
    assertThat(goodbyes).containsExactly("{\"node_id\":\"node-1\"}");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("[node-1] left the cluster: the registry took the goodbye");
  }

  @Test
  void itsOwnRoutesAnswerAsTheOriginalsAndRefuseBadInputWithAReason() throws Exception {
    // It answers reads once it has heard from its peers (node-7 is not there: refused at once).
    await(() -> http.get(node.url() + "/health").json().path("caught_up").asBoolean());
    ClientResponse stored =
        http.postJson(node.url() + "/data", Json.map("key", "user:alice", "value", "Alice"));
    assertThat(stored.text())
        .isEqualTo(
            "{\"status\":\"stored\",\"node_id\":\"node-1\",\"key\":\"user:alice\",\"version\":1,"
                + "\"value\":\"Alice\"}");
    assertThat(http.get(node.url() + "/data/user:alice").text())
        .isEqualTo(
            "{\"node_id\":\"node-1\",\"key\":\"user:alice\",\"value\":\"Alice\",\"version\":1}");
    assertThat(http.get(node.url() + "/digest").text())
        .isEqualTo("{\"node_id\":\"node-1\",\"versions\":{\"user:alice\":1}}");
    assertThat(http.get(node.url() + "/keys").text())
        .isEqualTo("{\"node_id\":\"node-1\",\"keys\":[\"user:alice\"],\"count\":1}");
    ClientResponse missing = http.get(node.url() + "/data/ghost");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("detail").asString())
        .isEqualTo("Key 'ghost' not found on node-1");
    assertThat(post("/data", "{nope").status()).isEqualTo(400);
    assertThat(post("/data", "{\"key\":\"k\"}").json().path("detail").asString())
        .isEqualTo("field 'value' is required (a string)");
    assertThat(post("/replicate", "{\"key\":\"k\",\"value\":\"v\",\"version\":0}").status())
        .isEqualTo(422);
    ClientResponse forged = post(ProtocolHost.MESSAGE_PATH, "{\"type\":\"Items\",\"items\":5}");
    assertThat(forged.status()).isEqualTo(422);
    assertThat(forged.json().path("detail").asString()).startsWith("not a valid Items");
    assertThat(
            post(ProtocolHost.MESSAGE_PATH, "{\"type\":\"Nope\"}").json().path("detail").asString())
        .contains("expected one of [Offer, Repair, Items");
  }

  @Test
  void takesTheOriginalsGossipAndAnswersAsTheOriginalDoes() throws Exception {
    await(() -> http.get(node.url() + "/health").json().path("caught_up").asBoolean());
    String gossip = "{\"key\":\"k\",\"value\":\"v\",\"version\":5,\"source_node\":\"node-7\"}";
    assertThat(post("/gossip", gossip).text()).isEqualTo("{\"action\":\"accepted\",\"version\":5}");
    assertThat(post("/gossip", gossip).text())
        .isEqualTo("{\"action\":\"already_synced\",\"version\":5}");
    assertThat(post("/gossip", gossip.replace("5", "3")).text())
        .isEqualTo("{\"action\":\"have_newer\",\"my_version\":5}");
    assertThat(http.get(node.url() + "/data/k").json().path("value").asString()).isEqualTo("v");
    ClientResponse bad = post("/gossip", "{\"key\":\"k\",\"value\":\"v\",\"version\":[1]}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().path("detail").asString())
        .isEqualTo("field 'version' must be a whole number, not an array");
    // A copy pushed by the original is logged by its sender, as the original does: nothing here.
    assertThat(http.get(node.url() + "/gossip-events").text())
        .isEqualTo("{\"node_id\":\"node-1\",\"events\":[],\"total_events\":0}");
  }

  private ClientResponse post(String path, String body) {
    return http.send(
        "POST",
        node.url() + path,
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(10));
  }
}
