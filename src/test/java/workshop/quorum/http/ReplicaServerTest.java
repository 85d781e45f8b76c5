package workshop.quorum.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import workshop.quorum.QuorumConfig;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;

/** A real replica on a free port: versioned writes, bad input, and a partition through the seam. */
class ReplicaServerTest {
  private ReplicaServer replica;
  private WebClient http;

  @BeforeEach
  void start() {
    replica = ReplicaServer.start("Node 1", "127.0.0.1", 0);
    http = WebClient.builder().timeout(Duration.ofSeconds(5)).peerName("client-a").build();
  }

  @AfterEach
  void stop() {
    replica.close();
    http.close();
  }

  private ClientResponse send(String method, String path, String body) {
    return http.send(
        method,
        replica.url() + path,
        Map.of("Content-Type", "application/json"),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(5));
  }

  @Test
  void keepsTheHighestVersionItIsGiven() {
    assertThat(send("PUT", "/replica/k", "{\"value\":\"new\",\"version\":2}").text())
        .isEqualTo(
            "{\"node\":\"Node 1\",\"key\":\"k\",\"stored\":true,\"value\":\"new\",\"version\":2}");
    assertThat(
            send("PUT", "/replica/k", "{\"value\":\"old\",\"version\":1}")
                .json()
                .path("stored")
                .asBoolean())
        .isFalse();
    assertThat(send("GET", "/replica/k", null).text())
        .isEqualTo("{\"node\":\"Node 1\",\"key\":\"k\",\"value\":\"new\",\"version\":2}");
    assertThat(send("GET", "/replica/nothing", null).status()).isEqualTo(404);
  }

  @Test
  void aVersionFarAheadOfWhatTheReplicaHoldsIsRefusedSoNoKeyCanBePinned() {
    // The highest version held is 0: anything up to 1,000 is taken, Long.MAX_VALUE is not (no
    // later write could ever beat it).
    ClientResponse pinned =
        send("PUT", "/replica/k", "{\"value\":\"mine\",\"version\":9223372036854775807}");
    assertThat(pinned.status()).isEqualTo(422);
    assertThat(pinned.json().path("detail").asText())
        .startsWith("field 'version' may be at most 1000 above the highest version")
        .contains("so at most 1000, not 9223372036854775807");
    assertThat(send("PUT", "/replica/k", "{\"value\":\"a\",\"version\":1000}").status())
        .isEqualTo(200);
    // Now 1,000 is held, so the limit is 2,000, for this key and every other.
    assertThat(send("PUT", "/replica/j", "{\"value\":\"b\",\"version\":2001}").status())
        .isEqualTo(422);
    assertThat(send("PUT", "/replica/j", "{\"value\":\"b\",\"version\":2000}").status())
        .isEqualTo(200);
    assertThat(send("GET", "/replica/k", null).json().path("value").asText()).isEqualTo("a");
  }

  @Test
  void refusesBadWritesWithAReason() {
    assertThat(send("PUT", "/replica/k", "{").status()).isEqualTo(400);
    assertThat(send("PUT", "/replica/k", "[]").status()).isEqualTo(400);
    assertThat(send("PUT", "/replica/k", "{\"version\":1}").json().path("detail").asText())
        .contains("'value' is required");
    assertThat(send("PUT", "/replica/k", "{\"value\":\"x\"}").status()).isEqualTo(422);
    assertThat(send("PUT", "/replica/k", "{\"value\":\"x\",\"version\":0}").status())
        .isEqualTo(422);
    assertThat(send("PUT", "/replica/k", "{\"value\":\"x\",\"version\":\"2\"}").status())
        .isEqualTo(422);
    assertThat(send("PUT", "/replica/k", "{\"value\":{},\"version\":2}").status()).isEqualTo(422);
    assertThat(send("POST", "/fault", "{\"block\":\"client-a\"}").status()).isEqualTo(422);
    assertThat(send("GET", "/replica/k", null).status()).isEqualTo(404);
  }

  @Test
  void aBlockedPeerIsRefusedUntilHealedAndTheFaultEndpointStaysReachable() {
    assertThat(send("POST", "/fault", "{\"block\":[\"client-a\"]}").status()).isEqualTo(200);
    try {
      send("GET", "/replica/k", null);
      org.assertj.core.api.Assertions.fail("a partitioned peer must get no answer");
    } catch (CallFailure expected) {
      // Refused through the fault seam, as a firewall REJECT would.
    }
    // Healing goes through another client: the refused one's connection was closed on it.
    try (WebClient admin = WebClient.builder().timeout(Duration.ofSeconds(5)).build()) {
      ClientResponse healed =
          admin.send("DELETE", replica.url() + "/fault", Map.of(), null, Duration.ofSeconds(5));
      assertThat(healed.json().path("blocked").size()).isZero();
      assertThat(admin.get(replica.url() + "/replica/k").status()).isEqualTo(404);
    }
  }

  @Test
  void aQuorumClientRepairsAStaleReplicaOnRead() {
    ReplicaServer two = ReplicaServer.start("Node 2", "127.0.0.1", 0);
    ReplicaServer three = ReplicaServer.start("Node 3", "127.0.0.1", 0);
    Map<String, String> urls = new LinkedHashMap<>();
    urls.put("Node 1", replica.url());
    urls.put("Node 2", two.url());
    urls.put("Node 3", three.url());
    AtomicLong versions = new AtomicLong();
    try (QuorumClient client =
        new QuorumClient(QuorumConfig.DEFAULT, urls, versions::incrementAndGet, "client")) {
      three.block(java.util.Set.of("client"));
      assertThat(client.write("k", "v1").ok()).isTrue();
      three.heal();
      QuorumClient.Read read = client.read("k");
      assertThat(read.result().latest().orElseThrow().value()).isEqualTo("v1");
      assertThat(read.repaired()).containsExactly("Node 3");
      assertThat(http.get(three.url() + "/replica/k").json().path("value").asText())
          .isEqualTo("v1");
    } finally {
      two.close();
      three.close();
    }
  }

  @Test
  void anExposedReplicaIsPartitionedAndHealedOnlyByCallersWithTheToken() {
    ReplicaServer exposed = ReplicaServer.start("Node 9", "0.0.0.0", 0, "s3cret");
    String base = "http://127.0.0.1:" + exposed.url().replaceAll(".*:", "");
    try {
      exposed.block(java.util.Set.of("client-b"));
      Map<String, String> json = Map.of("Content-Type", "application/json");
      ClientResponse heal = http.send("DELETE", base + "/fault", json, null, Duration.ofSeconds(5));
      assertThat(heal.status()).isEqualTo(403);
      assertThat(heal.json().path("detail").asString())
          .startsWith("DELETE /fault stops, breaks, heals, moves or deletes things");
      assertThat(http.get(base + "/fault").json().path("blocked").toString())
          .as("still partitioned")
          .isEqualTo("[\"client-b\"]");
      Map<String, String> withToken =
          Map.of("Content-Type", "application/json", "X-Workshop-Token", "s3cret");
      assertThat(
              http.send("DELETE", base + "/fault", withToken, null, Duration.ofSeconds(5)).status())
          .isEqualTo(200);
      assertThat(http.get(base + "/fault").json().path("blocked").toString()).isEqualTo("[]");
    } finally {
      exposed.close();
    }
  }
}
