package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import workshop.membership.MembershipConfig;
import workshop.support.http.ClientResponse;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebClient;
import workshop.support.json.Json;
import workshop.support.proc.Supervisor;

/**
 * One real restart: the registry starts a killed node again as a child JVM on its old port, the
 * node rejoins as the same member (the graduation's "came back" milestone), and anti-entropy gives
 * it the write it missed. About 5-10 s, most of it the child JVM starting.
 */
class RestartThroughTheRegistryTest {
  @Test
  void aKilledNodeRestartedThroughTheRegistryComesBackAndCatchesUp() throws Exception {
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    Supervisor supervisor = new Supervisor(null, null, true);
    // The child heartbeats every 2 s (the command's default), so the registry's timeout is 5 s.
    try (TestCluster cluster =
            TestCluster.start(
                log,
                MembershipConfig.DEFAULT,
                Duration.ofMillis(300),
                new RegistryServer.ScaleUp(supervisor, 1025, 65_535, 12));
        WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      RegistryServer registry = cluster.registry();
      List<ResilientNodeServer> nodes = cluster.nodes();
      int port = nodes.get(1).port();
      // Stopped in-process, then killed through the registry: /shutdown finds nobody, so the
      // registry marks it dead at once (a real /kill would halt this test's JVM).
      nodes.get(1).close();
      ClientResponse kill = http.post(registry.url() + "/kill/node-2");
      assertThat(kill.json().path("process_terminated").asBoolean()).isFalse();
      ClientResponse write =
          http.postJson(registry.url() + "/data", Json.map("key", "user:dave", "value", "Dave"));
      assertThat(write.json().path("written_to").toString()).doesNotContain("node-2");

      ClientResponse restart = http.post(registry.url() + "/restart/node-2");
      assertThat(restart.status())
          .as(restart.text() + "\n" + logBytes.toString(StandardCharsets.UTF_8))
          .isEqualTo(200);
      assertThat(restart.json().path("status").asText()).isEqualTo("restarting");
      assertThat(restart.json().path("port").asInt()).isEqualTo(port);
      ClientResponse twin = http.post(registry.url() + "/restart/node-2");
      assertThat(twin.status()).as("a second restart while it starts").isEqualTo(409);
      assertThat(supervisor.children()).hasSize(1);

      await(() -> alive(http, registry) == 3, "node-2 to heartbeat again", logBytes);
      String address = "http://127.0.0.1:" + port;
      await(
          () -> http.get(address + "/data/user:dave").status() == 200,
          "anti-entropy to give node-2 the write it missed",
          logBytes);
      assertThat(http.get(registry.url() + "/graduate").text())
          .contains("✅ a dead node came back and caught up: node-2 came back");
      assertThat(logBytes.toString(StandardCharsets.UTF_8))
          .contains("[registry] restarting node-2 on port " + port + " (was dead: ")
          .contains("node-2: dead -> alive: heartbeat again after");
    } finally {
      supervisor.stopAll(Duration.ofSeconds(3));
    }
  }

  @Test
  void aNodeListeningOnEveryAddressIsRestartedWhereOtherMachinesReachIt() throws Exception {
    // A registry on loopback with the class's token; the node listens on 0.0.0.0 and so needs the
    // token to start, and says it is reached at this machine's network address.
    String secret = "s3cret";
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    Supervisor supervisor = new Supervisor(null, null, true);
    RegistryServer registry =
        RegistryServer.start(
            "127.0.0.1",
            0,
            MembershipConfig.DEFAULT,
            workshop.quorum.QuorumConfig.DEFAULT,
            new RegistryServer.ScaleUp(supervisor, 1025, 65_535, 12),
            TokenTrust.of(secret),
            java.time.InstantSource.system(),
            log);
    ResilientNodeServer node =
        ResilientNodeServer.start(
            "node-2",
            "0.0.0.0",
            0,
            registry.url(),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            2,
            log,
            null,
            TokenTrust.of(secret));
    String address = node.address();
    try (WebClient http = WebClient.create(Duration.ofSeconds(30))) {
      assertThat(address).doesNotContain("0:0:0:0").doesNotContain("0.0.0.0");
      Assumptions.assumeFalse(
          address.startsWith("http://127."),
          "this machine has no network address besides loopback, so the node advertises "
              + address);
      await(() -> alive(http, registry) == 1, "node-2 to join", logBytes);
      node.close();
      assertThat(http.post(registry.url() + "/kill/node-2?force=true").status()).isEqualTo(200);

      ClientResponse restart = http.post(registry.url() + "/restart/node-2");
      assertThat(restart.status()).as(restart.text()).isEqualTo(200);
      await(() -> alive(http, registry) == 1, "node-2 to heartbeat again", logBytes);
      var listed = http.get(registry.url() + "/nodes").json().path("nodes").get(0);
      assertThat(listed.path("address").asString()).isEqualTo(address);
      assertThat(listed.path("proved_token").asBoolean()).isTrue();
      assertThat(http.get(address + "/health").json().path("node_id").asString())
          .isEqualTo("node-2");
    } finally {
      node.close();
      registry.close();
      supervisor.stopAll(Duration.ofSeconds(3));
    }
  }

  private static int alive(WebClient http, RegistryServer registry) {
    return http.get(registry.url() + "/cluster-status").json().path("alive_count").asInt();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition condition, String what, ByteArrayOutputStream log)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.holds()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "waited 20 s for " + what + "; log:\n" + log.toString(StandardCharsets.UTF_8));
  }
}
