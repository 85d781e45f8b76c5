package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * Every answer of the registry keeps every field the original's answered (PRODUCT.md principle 7:
 * add fields, never rename or drop one), checked against the shapes the reference records for
 * {@code registry.py}, on a live registry with three nodes.
 */
class RegistryKeepsTheOriginalsFieldsTest {
  private final PrintStream log =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  private final WebClient http = WebClient.create(Duration.ofSeconds(5));
  private TestCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = TestCluster.start(log);
  }

  @AfterEach
  void stop() {
    cluster.close();
    http.close();
  }

  private static void hasFields(JsonNode node, String... fields) {
    List<String> names = new ArrayList<>();
    node.propertyNames().forEach(names::add);
    assertThat(names).as(node.toString()).containsAll(Arrays.asList(fields));
  }

  @Test
  void membershipAnswersKeepTheOriginalsFields() {
    String url = cluster.url();
    hasFields(http.get(url + "/").json(), "service", "total_nodes", "alive_nodes", "dead_nodes");
    JsonNode beat =
        http.postJson(
                url + "/heartbeat",
                Json.map("node_id", "node-9", "port", 1, "address", "http://127.0.0.1:1"))
            .json();
    hasFields(beat, "status", "nodes");
    hasFields(beat.path("nodes").get(0), "node_id", "address", "port");
    hasFields(http.postJson(url + "/deregister", Json.map("node_id", "node-9")).json(), "status");
    JsonNode nodes = http.get(url + "/nodes").json();
    hasFields(nodes, "nodes");
    hasFields(nodes.path("nodes").get(0), "node_id", "address", "port", "status", "last_seen");
    JsonNode status = http.get(url + "/cluster-status").json();
    hasFields(status, "timestamp", "total_nodes", "alive_count", "dead_count", "nodes", "health");
    hasFields(status.path("nodes").get(0), "node_id", "address", "status", "last_seen_seconds_ago");
  }

  @Test
  void dataAnswersKeepTheOriginalsFields() throws Exception {
    String url = cluster.url();
    JsonNode written =
        http.postJson(url + "/data", Json.map("key", "user:alice", "value", "Alice")).json();
    hasFields(
        written,
        "status",
        "quorum_met",
        "key",
        "N",
        "W",
        "acks",
        "replica_nodes",
        "written_to",
        "message");
    JsonNode read = http.get(url + "/data/user:alice").json();
    hasFields(read, "node_id", "key", "value", "version", "served_by");
    assertThat(http.get(url + "/data/ghost").json().path("detail").asText())
        .isEqualTo("Key 'ghost' not found in cluster");
    cluster.node(2).close();
    cluster.node(3).close();
    ClientResponse refused = http.postJson(url + "/data", Json.map("key", "k", "value", "v"));
    assertThat(refused.status()).isEqualTo(503);
    hasFields(refused.json().path("detail"), "error", "N", "W", "acks", "required", "failures");
    hasFields(refused.json().path("detail").path("failures").get(0), "node_id", "error");
  }

  @Test
  void killAnswersKeepTheOriginalsFieldsTipIncluded() {
    cluster.node(2).close();
    ClientResponse marked = http.post(cluster.url() + "/kill/node-2");
    hasFields(marked.json(), "status", "node_id", "process_terminated", "message", "tip");
    assertThat(http.post(cluster.url() + "/kill/ghost").json().path("detail").asText())
        .isEqualTo("Node 'ghost' not found");
    // A scale-up answer is the record the registry writes; its fields, the original's.
    assertThat(
            Arrays.stream(RegistryWire.Spawned.class.getRecordComponents())
                .map(c -> c.getName())
                .toList())
        .containsAll(List.of("status", "node_id", "port", "message"));
  }
}
