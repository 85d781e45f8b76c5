package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/** A registry and three nodes in one JVM on real ports: the data path and its bad input. */
class CapstoneClusterTest {
  private final PrintStream log =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  private TestCluster cluster;
  private List<ResilientNodeServer> nodes;
  private final WebClient http = WebClient.create(Duration.ofSeconds(5));

  @BeforeEach
  void start() throws Exception {
    cluster = TestCluster.start(log);
    nodes = cluster.nodes();
  }

  @AfterEach
  void stop() {
    cluster.close();
    http.close();
  }

  private ClientResponse write(String body) {
    return http.send(
        "POST",
        cluster.url() + "/data",
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(5));
  }

  @Test
  void refusesMalformedWritesWithAReasonAndStoresNothing() {
    assertThat(write("{nope").status()).isEqualTo(400);
    assertThat(write("[1]").status()).isEqualTo(400);
    assertThat(write("{\"value\":\"v\"}").json().path("detail").asText())
        .isEqualTo("field 'key' is required (a string)");
    assertThat(write("{\"key\":\"k\"}").status()).isEqualTo(422);
    assertThat(write("{\"key\":\" \",\"value\":\"v\"}").status()).isEqualTo(422);
    assertThat(write("{\"key\":\"k\",\"value\":{\"x\":1}}").status()).isEqualTo(422);
    assertThat(write("{\"key\":\"" + "k".repeat(2000) + "\",\"value\":\"v\"}").status())
        .isEqualTo(422);
    assertThat(http.get(cluster.url() + "/data/k").status()).isEqualTo(404);
  }

  @Test
  void answersUnknownNodesAndKeysClearly() {
    assertThat(http.post(cluster.url() + "/kill/node-9").json().path("detail").asText())
        .isEqualTo("Node 'node-9' not found");
    assertThat(http.get(cluster.url() + "/data/ghost").json().path("detail").asText())
        .isEqualTo("Key 'ghost' not found in cluster");
    assertThat(http.post(cluster.url() + "/scale-up").status()).isEqualTo(501);
  }

  @Test
  void keepsAcknowledgedWritesReadableWithOneReplicaDownAndRefusesWithTwo() {
    assertThat(write("{\"key\":\"user:alice\",\"value\":\"Alice\"}").status()).isEqualTo(200);
    nodes.get(1).close();
    ClientResponse bob = write("{\"key\":\"user:bob\",\"value\":\"Bob\"}");
    assertThat(bob.status()).isEqualTo(200);
    assertThat(bob.json().path("acks").asInt()).isEqualTo(2);
    assertThat(http.get(cluster.url() + "/data/user:alice").json().path("value").asText())
        .isEqualTo("Alice");
    assertThat(http.get(cluster.url() + "/data/user:bob").json().path("value").asText())
        .isEqualTo("Bob");
    nodes.get(2).close();
    ClientResponse refused = write("{\"key\":\"user:carol\",\"value\":\"Carol\"}");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.json().path("detail").path("error").asText()).isEqualTo("Quorum not met");
    assertThat(http.get(cluster.url() + "/data/user:alice").status()).isEqualTo(503);
  }

  @Test
  void refusesToKillTheLastNodeUnlessForced() throws Exception {
    nodes.get(0).close();
    nodes.get(1).close();
    for (int i = 0; i < 60; i++) {
      if (http.get(cluster.url() + "/cluster-status").json().path("alive_count").asInt() == 1) {
        break;
      }
      Thread.sleep(100);
    }
    ClientResponse r = http.post(cluster.url() + "/kill/node-3");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().path("detail").asText()).contains("last one alive").contains("?force=true");
  }

  @Test
  void aReplicaRefusesAReplicateWithoutAVersion() {
    String node = nodes.get(0).url();
    assertThat(http.postJson(node + "/replicate", Json.map("key", "k", "value", "v")).status())
        .isEqualTo(422);
    assertThat(
            http.postJson(node + "/replicate", Json.map("key", "k", "value", "v", "version", 5))
                .json()
                .path("status")
                .asText())
        .isEqualTo("accepted");
    assertThat(
            http.postJson(node + "/replicate", Json.map("key", "k", "value", "old", "version", 3))
                .json()
                .path("reason")
                .asText())
        .isEqualTo("stale_version");
    assertThat(http.get(node + "/data/k").json().path("value").asText()).isEqualTo("v");
  }

  @Test
  void aWriteThatReplicasRefuseBecauseTheyHoldANewerValueIsNotAcknowledged() {
    // Someone wrote user:zoe straight to node-1 and node-2, 30 s ahead of the registry's clock.
    long pinned = now() + 30_000_000L;
    for (int i = 0; i < 2; i++) {
      assertThat(
              http.postJson(
                      nodes.get(i).url() + "/replicate",
                      Json.map("key", "user:zoe", "value", "theirs", "version", pinned))
                  .json()
                  .path("status")
                  .asText())
          .isEqualTo("accepted");
    }
    ClientResponse refused = write("{\"key\":\"user:zoe\",\"value\":\"ours\"}");
    // Before: 200 "success" with acks 3, while every read returned "theirs".
    assertThat(refused.status()).as(refused.text()).isEqualTo(409);
    var detail = refused.json().path("detail");
    assertThat(refused.json().path("error").asText()).isEqualTo("stale_version");
    assertThat(detail.path("error").asText()).isEqualTo("Quorum not met");
    assertThat(detail.path("retry_above").asLong()).isEqualTo(pinned);
    Map<String, String> outcomes = new java.util.TreeMap<>();
    detail
        .path("replicas")
        .forEach(r -> outcomes.put(r.path("node_id").asText(), r.path("outcome").asText()));
    assertThat(outcomes).containsEntry("node-1", "refused").containsEntry("node-2", "refused");
    assertThat(detail.path("failures").toString())
        .contains("refused: holds v" + pinned + ", newer than v");
    assertThat(detail.path("message").asText())
        .contains("Retry: the next write goes above v" + pinned);
    assertThat(http.get(cluster.url() + "/data/user:zoe").json().path("value").asText())
        .isEqualTo("theirs");

    ClientResponse retried = write("{\"key\":\"user:zoe\",\"value\":\"ours\"}");
    assertThat(retried.status()).as(retried.text()).isEqualTo(200);
    assertThat(retried.json().path("version").asLong()).isGreaterThan(pinned);
    assertThat(http.get(cluster.url() + "/data/user:zoe").json().path("value").asText())
        .isEqualTo("ours");
  }

  @Test
  void aVersionFarAheadOfTheNodesClockIsRefusedSoNoKeyCanBePinned() {
    String node = nodes.get(0).url();
    for (long version : new long[] {Long.MAX_VALUE, now() + 61_000_000L}) {
      for (String path : List.of("/replicate", "/data")) {
        ClientResponse r =
            http.postJson(
                node + path, Json.map("key", "k", "value", "v", "version", version, "x", 1));
        assertThat(r.status()).as(path + " " + version).isEqualTo(422);
        assertThat(r.json().path("detail").asText())
            .startsWith("field 'version' must not be more than 60 s ahead of this node's clock")
            .contains("not " + version);
      }
    }
    // Within the minute, and the original's small per-node counters, are taken.
    assertThat(
            http.postJson(
                    node + "/replicate",
                    Json.map("key", "k", "value", "v", "version", now() + 50_000_000L))
                .status())
        .isEqualTo(200);
    assertThat(
            http.postJson(node + "/data", Json.map("key", "j", "value", "v", "version", 3))
                .status())
        .isEqualTo(200);
  }

  private static long now() {
    java.time.Instant t = java.time.Instant.now();
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  @Test
  void aReplicaThatMissedAWriteCatchesUpByAntiEntropy() throws Exception {
    ResilientNodeServer down = nodes.get(1);
    down.close();
    assertThat(write("{\"key\":\"user:dave\",\"value\":\"Dave\"}").status()).isEqualTo(200);
    ResilientNodeServer back =
        ResilientNodeServer.start(
            "node-2",
            "127.0.0.1",
            0,
            cluster.url(),
            Duration.ofMillis(100),
            Duration.ofMillis(300),
            2,
            log);
    nodes.set(1, back);
    for (int i = 0; i < 100 && http.get(back.url() + "/data/user:dave").status() != 200; i++) {
      Thread.sleep(100);
    }
    assertThat(http.get(back.url() + "/data/user:dave").status())
        .as("node-2 caught up with user:dave")
        .isEqualTo(200);
    assertThat(http.get(cluster.url() + "/events").text())
        .as("the registry's events tell of the write that went on without node-2")
        .containsPattern("write user:dave without node-2 \\([^)]+\\): SUCCESS \\(Quorum Met\\)");
    StringBuilder repairs = new StringBuilder();
    for (ResilientNodeServer n : nodes) {
      repairs.append(http.get(n.url() + "/events").text());
    }
    assertThat(repairs.toString())
        .as("the repair is among some node's events")
        .containsPattern("anti-entropy: (pulled|pushed) user:dave v\\d+");
    // The original's dashboard shows the copy in its gossip panel.
    var copy = http.get(back.url() + "/gossip-events").json();
    assertThat(copy.path("node_id").asText()).isEqualTo("node-2");
    assertThat(copy.path("total_events").asLong()).isPositive();
    var dave = new java.util.ArrayList<String>();
    copy.path("events")
        .forEach(
            e -> {
              if (e.path("key").asText().equals("user:dave")) {
                dave.add(
                    e.path("to").asText()
                        + " "
                        + e.path("action").asText()
                        + " "
                        + (e.path("time").asDouble() > 1.7e9)
                        + " "
                        + e.path("from").asText().startsWith("node-"));
              }
            });
    assertThat(dave).containsExactly("node-2 accepted true true");
    assertThat(http.get(back.url() + "/gossip-events").text())
        .as("seconds written out, as the original's Python writes them")
        .containsPattern("\"time\":\\d{10}\\.\\d{1,3},");
  }

  @Test
  void nodesReRegisterByThemselvesAfterARegistryRestartAndNothingIsLost() throws Exception {
    assertThat(write("{\"key\":\"user:erin\",\"value\":\"Erin\"}").status()).isEqualTo(200);
    cluster.restartRegistry(null);
    assertThat(http.get(cluster.url() + "/data/user:erin").json().path("value").asText())
        .isEqualTo("Erin");
    ClientResponse after = write("{\"key\":\"user:erin\",\"value\":\"Erin 2\"}");
    assertThat(after.status()).isEqualTo(200);
    assertThat(http.get(cluster.url() + "/data/user:erin").json().path("value").asText())
        .as("a restarted registry's versions are above the old ones")
        .isEqualTo("Erin 2");
  }

  /** Restarts the registry with scale-up enabled and waits until the three nodes re-register. */
  private void restartRegistryWithScaleUp(int lastPort, int maxNodes) throws Exception {
    cluster.restartRegistry(
        new RegistryServer.ScaleUp(
            new workshop.support.proc.Supervisor(null, null, true), 1025, lastPort, maxNodes));
  }

  @Test
  void scaleUpStopsAtItsNodeLimitWithAClearAnswer() throws Exception {
    restartRegistryWithScaleUp(65_535, 3);
    ClientResponse r = http.post(cluster.url() + "/scale-up");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().path("detail").asText())
        .isEqualTo(
            "scale-up limit reached: 3 nodes (start the registry with a higher --max-nodes)");
    assertThat(http.get(cluster.url() + "/nodes").json().path("nodes").size()).isEqualTo(3);
  }

  @Test
  void scaleUpStopsAtItsPortLimitWithAClearAnswer() throws Exception {
    int highest = nodes.stream().mapToInt(ResilientNodeServer::port).max().orElseThrow();
    restartRegistryWithScaleUp(highest, 12);
    ClientResponse r = http.post(cluster.url() + "/scale-up");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().path("detail").asText())
        .isEqualTo(
            "scale-up port limit reached: no free port from "
                + (highest + 1)
                + " to "
                + highest
                + " (free one, or start the registry with a higher --max-port)");
    assertThat(http.get(cluster.url() + "/nodes").json().path("nodes").size())
        .as("a refused scale-up registers no node")
        .isEqualTo(3);
  }
}
