package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import workshop.quorum.QuorumConfig;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * The original workshop's {@code resilient_node.py} behind our registry: it has no {@code
 * /shutdown} and no {@code /digest}, so the registry falls back to what it offers. A kill marks it
 * dead and says that only its terminal can stop it; a newcomer is handed the keys the original
 * nodes list in {@code /keys}, read through {@code /data/{key}}.
 */
class OriginalNodesBehindTheRegistryTest {
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private final WebClient http = WebClient.create(Duration.ofSeconds(5));
  private final List<OriginalNode> originals = new ArrayList<>();
  private final AtomicBoolean beating = new AtomicBoolean(true);
  private RegistryServer registry;
  private Thread heartbeats;

  @BeforeEach
  void start() throws Exception {
    registry =
        RegistryServer.start(
            "127.0.0.1",
            0,
            TestCluster.FAST_MEMBERSHIP,
            QuorumConfig.DEFAULT,
            null,
            InstantSource.system(),
            log);
    for (int i = 1; i <= 3; i++) {
      originals.add(new OriginalNode("node-" + i));
    }
    // The original nodes heartbeat every 2 s; these every 100 ms, as the test cluster's do.
    heartbeats =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (beating.get()) {
                    for (OriginalNode n : originals) {
                      http.postJson(registry.url() + "/heartbeat", n.heartbeat());
                    }
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    for (int i = 0; i < 100 && alive() < 3; i++) {
      Thread.sleep(20);
    }
    assertThat(alive()).isEqualTo(3);
  }

  @AfterEach
  void stop() throws Exception {
    beating.set(false);
    heartbeats.join();
    originals.forEach(OriginalNode::close);
    registry.close();
    http.close();
  }

  private int alive() {
    return http.get(registry.url() + "/cluster-status").json().path("alive_count").asInt();
  }

  @Test
  void aKillMarksAnOriginalNodeDeadAndSaysOnlyItsTerminalCanStopIt() {
    long t0 = System.nanoTime();
    ClientResponse kill = http.post(registry.url() + "/kill/node-2");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(kill.status()).isEqualTo(200);
    // Before: "killed" with process_terminated false, after waiting 3 s for it to go silent.
    assertThat(kill.json().path("status").asText()).isEqualTo("marked_dead");
    assertThat(kill.json().path("process_terminated").asBoolean()).isFalse();
    assertThat(kill.json().path("message").asText())
        .contains("has no POST /shutdown")
        .contains("press Ctrl+C in its terminal");
    assertThat(kill.json().path("tip").asText()).contains("Others need Ctrl+C");
    assertThat(took).as("no waiting for a node that cannot stop").isLessThan(Duration.ofSeconds(2));
    assertThat(originals.get(1).calls()).contains("POST /shutdown");
  }

  @Test
  void aNewcomerIsHandedItsKeysFromOriginalNodesThroughKeysAndData() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String key = "user:" + i;
      ClientResponse w =
          http.postJson(registry.url() + "/data", Json.map("key", key, "value", "v" + i));
      assertThat(w.status()).as(w.text()).isEqualTo(200);
      keys.add(key);
    }
    ResilientNodeServer newcomer =
        ResilientNodeServer.start(
            "node-4",
            "127.0.0.1",
            0,
            registry.url(),
            Duration.ofMillis(100),
            Duration.ofSeconds(30),
            4,
            log);
    try {
      String joined = "node-4 joined the ring after receiving the ";
      for (int i = 0; i < 200 && !logBytes.toString(StandardCharsets.UTF_8).contains(joined); i++) {
        Thread.sleep(25);
      }
      int owned = 0;
      for (String key : keys) {
        var ring = http.get(registry.url() + "/ring?key=" + key).json();
        if (ring.path("keys").get(0).path("replicas").toString().contains("node-4")) {
          owned++;
        }
      }
      assertThat(owned).as("node-4 is a replica of some of the 12 keys").isPositive();
      // Before: the original nodes' /digest answered 404, so the newcomer was handed nothing.
      assertThat(logBytes.toString(StandardCharsets.UTF_8))
          .contains(joined + owned + " keys it now owns");
      assertThat(http.get(newcomer.url() + "/keys").json().path("count").asInt()).isEqualTo(owned);
      assertThat(originals.get(0).calls()).contains("GET /digest", "GET /keys");
    } finally {
      newcomer.close();
    }
  }
}
