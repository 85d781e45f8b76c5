package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import workshop.membership.MembershipConfig;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/** The registry's membership endpoints over real HTTP, with a clock the test moves. */
class RegistryServerTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static final class Clock implements InstantSource {
    volatile Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Clock clock = new Clock();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private RegistryServer registry;
  private WebClient http;

  @BeforeEach
  void start() {
    registry =
        RegistryServer.start(
            "127.0.0.1",
            0,
            MembershipConfig.DEFAULT,
            workshop.quorum.QuorumConfig.DEFAULT,
            null,
            clock,
            new PrintStream(log, true, StandardCharsets.UTF_8));
    http = WebClient.create(Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    registry.close();
    http.close();
  }

  private ClientResponse heartbeat(String body) {
    return http.send(
        "POST",
        registry.url() + "/heartbeat",
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(5));
  }

  @Test
  void aHeartbeatRegistersAndAnswersWithTheAlivePeers() {
    heartbeat("{\"node_id\":\"node-1\",\"port\":5001}");
    JsonNode answer =
        heartbeat("{\"node_id\":\"node-2\",\"port\":5002,\"address\":\"http://127.0.0.1:5002\"}")
            .json();
    assertThat(answer.path("status").asText()).isEqualTo("ok");
    assertThat(answer.path("nodes").toString())
        .isEqualTo(
            "[{\"node_id\":\"node-1\",\"address\":\"http://127.0.0.1:5001\",\"port\":5001,"
                + "\"proved_token\":false},{\"node_id\":\"node-2\",\"address\":"
                + "\"http://127.0.0.1:5002\",\"port\":5002,\"proved_token\":false}]");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("[registry] node-1: new -> alive: first heartbeat from http://127.0.0.1:5001");
  }

  @Test
  void clusterStatusDegradesAsNodesFallSilent() {
    heartbeat("{\"node_id\":\"node-1\",\"port\":5001}");
    heartbeat("{\"node_id\":\"node-2\",\"port\":5002}");
    assertThat(http.get(registry.url() + "/cluster-status").json().path("health").asText())
        .isEqualTo("healthy");
    clock.now = T0.plusSeconds(3);
    heartbeat("{\"node_id\":\"node-1\",\"port\":5001}");
    clock.now = T0.plusMillis(5_300);
    registry.sweep();
    JsonNode status = http.get(registry.url() + "/cluster-status").json();
    assertThat(status.path("health").asText()).isEqualTo("degraded");
    assertThat(status.path("alive_count").asInt()).isEqualTo(1);
    assertThat(status.path("dead_count").asInt()).isEqualTo(1);
    assertThat(status.path("nodes").get(1).path("reason").asText())
        .isEqualTo("missed heartbeats: silent for 5.3 s (timeout 5.0 s)");
    assertThat(status.path("nodes").get(1).path("last_seen_seconds_ago").asDouble()).isEqualTo(5.3);
  }

  @Test
  void aDeregisteredNodeIsLeftNotDead() {
    heartbeat("{\"node_id\":\"node-3\",\"port\":5003}");
    ClientResponse r = http.postJson(registry.url() + "/deregister", Json.map("node_id", "node-3"));
    assertThat(r.json().path("status").asText()).isEqualTo("ok");
    assertThat(
            http.get(registry.url() + "/nodes").json().path("nodes").get(0).path("status").asText())
        .isEqualTo("left");
    assertThat(http.postJson(registry.url() + "/deregister", Json.map("node_id", "ghost")).status())
        .isEqualTo(404);
  }

  @Test
  void refusesMalformedHeartbeatsWithAReason() {
    assertThat(heartbeat("{nope").status()).isEqualTo(400);
    assertThat(heartbeat("{}").json().path("detail").asText())
        .isEqualTo("field 'node_id' is required, e.g. \"node-1\"");
    assertThat(heartbeat("{\"node_id\":\"../../etc\",\"port\":1}").status()).isEqualTo(422);
    assertThat(heartbeat("{\"node_id\":\"node-1\"}").json().path("detail").asText())
        .contains("give 'address'");
    assertThat(heartbeat("{\"node_id\":\"node-1\",\"port\":70000}").status()).isEqualTo(422);
    assertThat(heartbeat("{\"node_id\":\"node-1\",\"address\":\"ftp://x\"}").status())
        .isEqualTo(422);
    assertThat(http.get(registry.url() + "/nodes").json().path("nodes").size()).isZero();
  }

  @Test
  void graduateSaysWhatIsMissing() {
    ClientResponse r = http.get(registry.url() + "/graduate");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.text()).contains("Not yet!");
  }

  @Test
  void eventsListMembershipChangesNewestLastWithHowLongAgo() {
    heartbeat("{\"node_id\":\"node-1\",\"port\":5001}");
    clock.now = T0.plusSeconds(1);
    heartbeat("{\"node_id\":\"node-2\",\"port\":5002}");
    clock.now = T0.plusSeconds(4);
    heartbeat("{\"node_id\":\"node-2\",\"port\":5002}"); // a routine beat: no event
    clock.now = T0.plusMillis(5_300);
    registry.sweep(); // node-1 silent 5.3 s > 5 s: dead
    clock.now = T0.plusMillis(6_500);
    assertThat(http.get(registry.url() + "/events").text())
        .isEqualTo(
            "{\"events\":["
                + "{\"at\":\"2026-01-01T00:00:00Z\",\"seconds_ago\":6.5,"
                + "\"line\":\"node-1: new -> alive: first heartbeat from http://127.0.0.1:5001\"},"
                + "{\"at\":\"2026-01-01T00:00:01Z\",\"seconds_ago\":5.5,"
                + "\"line\":\"node-2: new -> alive: first heartbeat from http://127.0.0.1:5002\"},"
                + "{\"at\":\"2026-01-01T00:00:05.300Z\",\"seconds_ago\":1.2,"
                + "\"line\":\"node-1: alive -> dead: missed heartbeats: silent for 5.3 s"
                + " (timeout 5.0 s)\"}]}");
  }

  @Test
  void eventsIgnoresQueryParametersAndRefusesOtherMethods() {
    assertThat(http.get(registry.url() + "/events?since=yesterday&x").status()).isEqualTo(200);
    assertThat(http.get(registry.url() + "/events").json().path("events").size()).isZero();
    ClientResponse post = http.post(registry.url() + "/events");
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET");
    assertThat(post.json().path("error").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void theRingShowsEachMembersShareAndTheSampleKeysReplicasAsWritesPlaceThem() {
    assertThat(http.get(registry.url() + "/ring").json().path("keys").size())
        .as("no members yet: nothing placed")
        .isZero();
    for (int i = 1; i <= 3; i++) {
      heartbeat("{\"node_id\":\"node-" + i + "\",\"port\":500" + i + "}");
    }
    JsonNode ring = http.get(registry.url() + "/ring").json();
    assertThat(ring.path("virtual_nodes").asInt()).isEqualTo(100);
    assertThat(ring.path("replicas").asInt()).isEqualTo(3);
    double total = 0;
    for (JsonNode n : ring.path("nodes")) {
      assertThat(n.path("positions").size()).isEqualTo(100);
      total += n.path("share").asDouble();
    }
    assertThat(total).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.001));
    workshop.sharding.HashRing same =
        new workshop.sharding.HashRing(List.of("node-1", "node-2", "node-3"), 100);
    assertThat(ring.path("keys").size()).isEqualTo(RegistryServer.SAMPLE_KEYS.size());
    for (JsonNode k : ring.path("keys")) {
      assertThat(Json.read(k.path("replicas").toString(), Object.class))
          .isEqualTo(same.preferenceList(k.path("key").asText(), 3));
    }
    JsonNode carol = http.get(registry.url() + "/ring?key=user:carol").json().path("keys");
    assertThat(carol.size()).isEqualTo(1);
    assertThat(carol.get(0).path("key").asText()).isEqualTo("user:carol");
  }

  @Test
  void theRingRefusesAnOverlongKeyAndOtherMethods() {
    ClientResponse r = http.get(registry.url() + "/ring?key=" + "k".repeat(2000));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().path("detail").asText())
        .startsWith("query parameter 'key' is 2000 characters long; the limit is");
    assertThat(http.get(registry.url() + "/ring?key=").json().path("detail").asText())
        .isEqualTo("query parameter 'key' must not be blank");
    assertThat(http.post(registry.url() + "/ring").status()).isEqualTo(405);
  }

  @Test
  void theRootSummarisesTheCluster() {
    heartbeat("{\"node_id\":\"node-1\",\"port\":5001}");
    assertThat(http.get(registry.url() + "/").text())
        .isEqualTo(
            "{\"service\":\"Cluster Registry\",\"total_nodes\":1,\"alive_nodes\":1,\"dead_nodes\":0}");
  }
}
