package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import workshop.membership.MembershipConfig;
import workshop.resilient.Backoff;
import workshop.sharding.HashRing;
import workshop.support.http.FaultAction;
import workshop.support.http.FaultPolicy;

/** The cluster client against a registry and three nodes on real ports. */
class ClusterClientTest {
  private final PrintStream quiet =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private TestCluster cluster;
  private RegistryServer registry;
  private List<ResilientNodeServer> nodes;
  private ClusterClient client;
  private final List<Duration> waits = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    // Nodes are never declared dead and never repair each other here: the client alone decides.
    cluster =
        TestCluster.start(
            quiet,
            new MembershipConfig(Duration.ofMillis(100), Duration.ofSeconds(30)),
            Duration.ofSeconds(30));
    registry = cluster.registry();
    nodes = cluster.nodes();
    client =
        new ClusterClient(
            registry.url(),
            new PrintStream(printed, true, StandardCharsets.UTF_8),
            InstantSource.system(),
            new SplittableRandom(1),
            Backoff.DEFAULT,
            waits::add);
  }

  @AfterEach
  void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void writesAndReadsThroughTheKeysReplicas() {
    assertThat(client.write("user:alice", "Alice")).isTrue();
    assertThat(client.read("user:alice").orElseThrow().value()).isEqualTo("Alice");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("✅ Write successful! Quorum met: 2/2");
  }

  @Test
  void failsOverFromADeadNodeThenItsCircuitOpensAndItIsSkippedFast() {
    // A key whose first replica is node-2, so every read tries node-2 first.
    HashRing ring =
        new HashRing(List.of("node-1", "node-2", "node-3"), HashRing.DEFAULT_VIRTUAL_NODES);
    String key = null;
    for (int i = 0; key == null; i++) {
      if (ring.preferenceList("k" + i, 3).get(0).equals("node-2")) {
        key = "k" + i;
      }
    }
    assertThat(client.write(key, "v")).isTrue();
    nodes.get(1).close();
    for (int i = 0; i < 3; i++) {
      assertThat(client.read(key).orElseThrow().value()).isEqualTo("v");
    }
    // Three refused calls (the breaker's threshold): the circuit to node-2 is open.
    assertThat(client.breakerState("node-2")).isEqualTo("OPEN");
    printed.reset();
    assertThat(client.read(key).orElseThrow().value()).isEqualTo("v");
    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("node-2: ⚡ skipped, circuit open");
    // A refused node is not retried: there is nothing to wait for.
    assertThat(waits).isEmpty();
  }

  @Test
  void failsClearlyWhenTooFewReplicasAnswer() {
    nodes.get(0).close();
    nodes.get(1).close();
    assertThat(client.write("user:zed", "Zed")).isFalse();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("❌ Write failed: only 1/2");
  }

  /** A fault layer that swallows the first {@code drops} calls to one address, then passes. */
  private static final class DropFirst implements FaultPolicy {
    private final String authority;
    private final AtomicInteger left;

    DropFirst(String url, int drops) {
      this.authority = URI.create(url).getAuthority();
      this.left = new AtomicInteger(drops);
    }

    @Override
    public FaultAction inbound(String fromPeer, String method, String path) {
      return FaultAction.PASS;
    }

    @Override
    public FaultAction outbound(String toPeer, String method, String path) {
      return toPeer.equals(authority) && left.getAndDecrement() > 0
          ? new FaultAction.Drop("test")
          : FaultAction.PASS;
    }
  }

  private ClusterClient clientWith(FaultPolicy faults) {
    return new ClusterClient(
        registry.url(),
        new PrintStream(printed, true, StandardCharsets.UTF_8),
        InstantSource.system(),
        new SplittableRandom(1),
        Backoff.DEFAULT,
        waits::add,
        Duration.ofMillis(400),
        faults);
  }

  @Test
  void retriesATimedOutNodeWithGrowingJitteredWaitsThenSucceeds() {
    String key = keyWhoseFirstReplicaIs("node-1");
    try (ClusterClient c = clientWith(new DropFirst(nodes.get(0).url(), 2))) {
      assertThat(c.write(key, "v")).isTrue();
      assertThat(c.breakerState("node-1")).as("one logical call succeeded").isEqualTo("CLOSED");
    }
    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("⏳ node-1: timeout, retry 1/2 in ")
        .contains("(full jitter up to 0.10s)")
        .contains("⏳ node-1: timeout, retry 2/2 in ")
        .contains("(full jitter up to 0.20s)")
        .contains("→ node-1: stored ✅");
    // The first two waits are node-1's; the ceilings are 100 ms and 200 ms.
    assertThat(waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
    assertThat(waits.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
  }

  @Test
  void givesUpOnANodeThatKeepsTimingOutAndFailsOverToTheNextReplica() {
    String key = keyWhoseFirstReplicaIs("node-1");
    try (ClusterClient c = clientWith(new DropFirst(nodes.get(0).url(), 1_000))) {
      assertThat(c.write(key, "v")).isTrue();
      // One logical call failed after its retries: one failure for the breaker, not three.
      assertThat(c.breakerState("node-1")).isEqualTo("CLOSED");
    }
    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("→ node-1: ❌ timeout")
        .contains("giving up on it, failing over")
        .contains("✅ Write successful! Quorum met: 2/2");
    assertThat(out).doesNotContain("→ node-1: stored");
    assertThat(out.lines().filter(l -> l.contains("⏳ node-1: timeout, retry")).count())
        .isEqualTo(Backoff.DEFAULT.maxRetries());
  }

  private static String keyWhoseFirstReplicaIs(String node) {
    HashRing ring =
        new HashRing(List.of("node-1", "node-2", "node-3"), HashRing.DEFAULT_VIRTUAL_NODES);
    for (int i = 0; ; i++) {
      if (ring.preferenceList("k" + i, 3).get(0).equals(node)) {
        return "k" + i;
      }
    }
  }
}
