package workshop.sharding.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.sharding.HashRing;
import workshop.sharding.RendezvousHashing;
import workshop.sharding.ShardingStrategy;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/** A real router in front of real module 01 nodes on free ports: data moves and none is lost. */
class ShardRouterServerTest {
  private final List<NodeServer> nodes = new ArrayList<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private ShardRouterServer router;
  private WebClient http;

  @BeforeEach
  void start() {
    for (int id = 1; id <= 4; id++) {
      nodes.add(
          NodeServer.start(
              new NodeConfig(id, "127.0.0.1", 0, 0, 4),
              FaultPolicy.NONE,
              new PrintStream(log, true, StandardCharsets.UTF_8)));
    }
    http = WebClient.builder().timeout(Duration.ofSeconds(10)).build();
  }

  private void route(java.util.function.Function<List<String>, ShardingStrategy> strategy) {
    router =
        ShardRouterServer.start(
            "127.0.0.1",
            0,
            List.of(nodes.get(0).url(), nodes.get(1).url(), nodes.get(2).url()),
            strategy,
            new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    if (router != null) {
      router.close();
    }
    nodes.forEach(NodeServer::close);
    http.close();
  }

  private ClientResponse send(String method, String path, String body) {
    return http.send(
        method,
        router.url() + path,
        Map.of("Content-Type", "application/json"),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(10));
  }

  private int keysOn(NodeServer node) {
    return http.get(node.url() + "/keys").json().path("count").asInt();
  }

  @Test
  void routesEachKeyToItsOwnerAndAddingANodeMovesExactlyTheKeysWhoseOwnerChanged() {
    route(n -> new HashRing(n, 100));
    for (int i = 0; i < 200; i++) {
      assertThat(
              send("POST", "/data", "{\"key\":\"key_" + i + "\",\"value\":\"v" + i + "\"}")
                  .status())
          .isEqualTo(200);
    }
    int before = keysOn(nodes.get(0)) + keysOn(nodes.get(1)) + keysOn(nodes.get(2));
    assertThat(before).isEqualTo(200);
    HashRing three = new HashRing(router.nodes(), 100);
    HashRing four = three.withNode(nodes.get(3).url());
    long expected = 0;
    for (int i = 0; i < 200; i++) {
      if (!three.ownerOf("key_" + i).equals(four.ownerOf("key_" + i))) {
        expected++;
      }
    }
    ClientResponse added = send("POST", "/nodes", "{\"url\":\"" + nodes.get(3).url() + "/\"}");
    assertThat(added.status()).as(added.text()).isEqualTo(200);
    assertThat(added.json().path("moved").asLong()).isEqualTo(expected).isPositive();
    // Every moved key went to the new node, and each key is on exactly one node.
    assertThat(keysOn(nodes.get(3))).isEqualTo(expected);
    int after = 0;
    for (NodeServer n : nodes) {
      after += keysOn(n);
    }
    assertThat(after).isEqualTo(200);
    for (int i = 0; i < 200; i++) {
      ClientResponse r = send("GET", "/data/key_" + i, null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("value").asText()).isEqualTo("v" + i);
      assertThat(r.json().path("routed_to").asText()).isEqualTo(four.ownerOf("key_" + i));
    }
  }

  @Test
  void noKeyIsLostOrUnreadableWhileNodesJoinAndLeave() throws Exception {
    long seed = System.nanoTime();
    System.out.println("noKeyIsLostOrUnreadableWhileNodesJoinAndLeave seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    route(RendezvousHashing::new);
    Map<String, String> written = new HashMap<>();
    int count = 100 + random.nextInt(200);
    for (int i = 0; i < count; i++) {
      String key = "k" + random.nextInt(1_000_000) + "/é " + i;
      String value = Long.toHexString(random.nextLong());
      written.put(key, value);
      ClientResponse r = send("POST", "/data", Json.text(Json.map("key", key, "value", value)));
      assertThat(r.status()).as("seed=%d", seed).isEqualTo(200);
    }
    List<String> keys = new ArrayList<>(written.keySet());
    AtomicBoolean done = new AtomicBoolean();
    List<String> failures = new CopyOnWriteArrayList<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  SplittableRandom r = new SplittableRandom(seed + 1);
                  while (!done.get()) {
                    String key = keys.get(r.nextInt(keys.size()));
                    ClientResponse got =
                        send(
                            "GET",
                            "/data/"
                                + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8)
                                    .replace("+", "%20"),
                            null);
                    if (got.status() != 200
                        || !written.get(key).equals(got.json().path("value").asText())) {
                      failures.add(key + " -> " + got.status() + " " + got.text());
                    }
                  }
                });
    try {
      assertThat(send("POST", "/nodes", "{\"url\":\"" + nodes.get(3).url() + "\"}").status())
          .isEqualTo(200);
      String victim = nodes.get(random.nextInt(3)).url();
      ClientResponse removed =
          send("DELETE", "/nodes/" + victim.substring("http://".length()), null);
      assertThat(removed.status()).as(removed.text()).isEqualTo(200);
    } finally {
      done.set(true);
      reader.join();
    }
    assertThat(failures).as("seed=%d", seed).isEmpty();
    int total = 0;
    for (NodeServer n : nodes) {
      total += keysOn(n);
    }
    assertThat(total).as("seed=%d", seed).isEqualTo(count);
    for (var e : written.entrySet()) {
      ClientResponse got =
          send(
              "GET",
              "/data/"
                  + java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                      .replace("+", "%20"),
              null);
      assertThat(got.json().path("value").asText())
          .as("seed=%d key %s", seed, e.getKey())
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void refusesBadMembershipChangesWithAReason() {
    route(n -> new HashRing(n, 100));
    assertThat(send("POST", "/nodes", "{").json().path("error").asText())
        .isEqualTo("malformed_json");
    assertThat(send("POST", "/nodes", "{}").status()).isEqualTo(422);
    assertThat(send("POST", "/nodes", "{\"url\": 5}").status()).isEqualTo(422);
    assertThat(send("POST", "/nodes", "{\"url\": \"ftp://x\"}").json().path("detail").asText())
        .contains("http://host:port");
    ClientResponse duplicate = send("POST", "/nodes", "{\"url\":\"" + nodes.get(0).url() + "\"}");
    assertThat(duplicate.status()).isEqualTo(409);
    ClientResponse unknown = send("DELETE", "/nodes/127.0.0.1:1", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("detail").asText()).contains("the nodes are");
    ClientResponse dead = send("POST", "/nodes", "{\"url\":\"http://127.0.0.1:1\"}");
    assertThat(dead.status()).isEqualTo(502);
    assertThat(router.nodes()).hasSize(3);
    assertThat(send("POST", "/data", "{\"value\": 1}").status()).isEqualTo(422);
    assertThat(send("POST", "/data", "[1]").status()).isEqualTo(400);
    assertThat(send("GET", "/data/nothing", null).status()).isEqualTo(404);
    for (NodeServer n : nodes.subList(0, 2)) {
      assertThat(send("DELETE", "/nodes/" + n.port(), null).status()).isEqualTo(200);
    }
    ClientResponse last = send("DELETE", "/nodes/" + nodes.get(2).port(), null);
    assertThat(last.status()).isEqualTo(409);
    assertThat(last.json().path("detail").asText()).contains("last node");
    assertThat(send("GET", "/owner/abc", null).json().path("node").asText())
        .isEqualTo(nodes.get(2).url());
  }
}
