package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import workshop.membership.MembershipConfig;
import workshop.protocol.http.ProtocolHost;
import workshop.quorum.QuorumConfig;
import workshop.support.http.AdminToken;
import workshop.support.http.Advertised;
import workshop.support.http.ClientResponse;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * The capstone listening beyond loopback ({@code --host 0.0.0.0}) with a token: strangers cannot
 * join, leave, replicate or speak the runner's wire, the members work together with the token, and
 * each node tells the registry an address other machines can call. Real servers on 0.0.0.0, real
 * clients; heartbeats every 500 ms against the usual 5 s timeout, so a busy machine does not make
 * members flap.
 */
class ExposedClusterTest {
  static final String SECRET = "s3cret";

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private final WebClient http = WebClient.create(Duration.ofSeconds(30));
  private final List<ResilientNodeServer> nodes = new ArrayList<>();
  private RegistryServer registry;

  private String registryUrl() {
    return "http://127.0.0.1:" + registry.port();
  }

  private void startRegistry() {
    registry =
        RegistryServer.start(
            "0.0.0.0",
            0,
            MembershipConfig.DEFAULT,
            QuorumConfig.DEFAULT,
            null,
            TokenTrust.of(SECRET),
            InstantSource.system(),
            log);
  }

  private ResilientNodeServer node(int i) {
    ResilientNodeServer n =
        ResilientNodeServer.start(
            "node-" + i,
            "0.0.0.0",
            0,
            registryUrl(),
            Duration.ofMillis(500),
            Duration.ofMillis(500),
            i,
            log,
            null,
            TokenTrust.of(SECRET));
    nodes.add(n);
    return n;
  }

  @AfterEach
  void stop() {
    nodes.forEach(ResilientNodeServer::close);
    if (registry != null) {
      registry.close();
    }
    http.close();
  }

  private ClientResponse post(String url, String body, boolean withToken) {
    Map<String, String> headers =
        withToken
            ? Map.of("Content-Type", "application/json", AdminToken.HEADER, SECRET)
            : Map.of("Content-Type", "application/json", "X-Workshop-Peer", "node-9");
    return http.send(
        "POST", url, headers, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
  }

  private int alive() {
    return http.get(registryUrl() + "/cluster-status").json().path("alive_count").asInt();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private void await(Condition c, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (c.holds()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "waited 30 s for " + what + "; log:\n" + logBytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aStrangerCannotJoinLeaveOrSpeakTheRunnersWireOnAnExposedRegistry() {
    startRegistry();
    String beat = "{\"node_id\":\"node-9\",\"address\":\"http://203.0.113.9:5009\"}";

    ClientResponse heartbeat = post(registryUrl() + "/heartbeat", beat, false);
    assertThat(heartbeat.status()).isEqualTo(403);
    assertThat(heartbeat.json().path("error").asString()).isEqualTo("token_required");
    assertThat(heartbeat.json().path("detail").asString())
        .isEqualTo(
            "POST /heartbeat is how this cluster's members reach each other, and this server"
                + " listens beyond its machine: send the header X-Workshop-Token with the value of"
                + " WORKSHOP_TOKEN (set WORKSHOP_TOKEN to the cluster's secret where the node"
                + " starts: workshop nodes send it to their --registry and to the members it"
                + " vouches for)");
    assertThat(post(registryUrl() + "/deregister", "{\"node_id\":\"node-1\"}", false).status())
        .isEqualTo(403);
    String wire =
        "{\"type\":\"Heartbeat\",\"address\":\"http://203.0.113.9:5009\",\"dataCount\":0}";
    assertThat(post(registryUrl() + ProtocolHost.MESSAGE_PATH, wire, false).status())
        .isEqualTo(403);
    assertThat(http.get(registryUrl() + "/nodes").json().path("nodes").size())
        .as("nobody joined")
        .isZero();

    ClientResponse member = post(registryUrl() + "/heartbeat", beat, true);
    assertThat(member.status()).isEqualTo(200);
    assertThat(
            http.get(registryUrl() + "/nodes")
                .json()
                .path("nodes")
                .get(0)
                .path("proved_token")
                .asBoolean())
        .isTrue();
  }

  @Test
  void membersOfAnExposedClusterReplicateAndRepairWithTheTokenAndAdvertiseCallableAddresses()
      throws Exception {
    startRegistry();
    for (int i = 1; i <= 3; i++) {
      node(i);
    }
    await(() -> alive() == 3, "three nodes to join with the token");

    // Each node says where other machines reach it: never the wildcard it listens on.
    for (ResilientNodeServer n : nodes) {
      assertThat(n.address())
          .isEqualTo(Advertised.url("0.0.0.0", n.port(), null))
          .doesNotContain("0.0.0.0")
          .doesNotContain("[0:0:0:0:0:0:0:0]");
    }
    var listed = http.get(registryUrl() + "/nodes").json().path("nodes");
    for (var n : listed) {
      assertThat(n.path("address").asString()).doesNotContain("0:0:0:0").doesNotContain("0.0.0.0");
      assertThat(n.path("proved_token").asBoolean()).isTrue();
    }

    // The registry's replicate calls carry the token, so an exposed cluster still takes writes.
    ClientResponse written =
        post(
            registryUrl() + "/data",
            Json.text(Json.map("key", "user:alice", "value", "Alice")),
            false);
    assertThat(written.status())
        .as(written.text() + "\n" + logBytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(200);
    assertThat(written.json().path("acks").asInt()).isEqualTo(3);

    // A write to one node alone reaches the others by anti-entropy, on the runner's guarded wire.
    ResilientNodeServer first = nodes.get(0);
    ClientResponse direct =
        post(
            first.address() + "/data",
            Json.text(Json.map("key", "user:carol", "value", "Carol")),
            false);
    assertThat(direct.status()).isEqualTo(200);
    for (ResilientNodeServer other : nodes.subList(1, 3)) {
      await(
          () -> http.get(other.address() + "/data/user:carol").status() == 200,
          other.address() + " to repair user:carol from its peers");
    }
  }

  @Test
  void anExposedNodeTakesReplicationAndTheRunnersWireOnlyWithTheToken() throws Exception {
    startRegistry();
    ResilientNodeServer n = node(1);
    await(() -> alive() == 1, "node-1 to join");
    String base = n.address();
    String copy = "{\"key\":\"k\",\"value\":\"forged\",\"version\":99,\"source_node\":\"node-9\"}";

    ClientResponse replicate = post(base + "/replicate", copy, false);
    assertThat(replicate.status()).isEqualTo(403);
    assertThat(replicate.json().path("detail").asString())
        .startsWith("POST /replicate is how this cluster's members reach each other");
    String offer = "{\"type\":\"Offer\",\"versions\":{}}";
    assertThat(post(base + ProtocolHost.MESSAGE_PATH, offer, false).status()).isEqualTo(403);
    String leave = "{\"type\":\"Membership\",\"message\":{\"type\":\"Leave\"}}";
    assertThat(post(base + ProtocolHost.REQUEST_PATH, leave, false).status()).isEqualTo(403);
    assertThat(post(base + "/shutdown", "{}", false).status()).isEqualTo(403);
    assertThat(http.get(base + "/data/k").status()).as("nothing forged").isEqualTo(404);

    assertThat(post(base + "/replicate", copy, true).status()).isEqualTo(200);
    assertThat(http.get(base + "/data/k").json().path("value").asString()).isEqualTo("forged");
  }
}
