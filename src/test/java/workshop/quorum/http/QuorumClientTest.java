package workshop.quorum.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import workshop.quorum.QuorumConfig;
import workshop.quorum.QuorumWrite;

/**
 * The R + W > N law over real HTTP: replicas on free ports, random replicas cut off (through the
 * fault seam) before every write and read, and a read must never return less than the latest
 * acknowledged write.
 */
class QuorumClientTest {
  @Test
  void aReplicaHoldingANewerVersionRefusesTheWriteAndARefusalIsNotAnAcknowledgement() {
    List<ReplicaServer> replicas = new ArrayList<>();
    Map<String, String> urls = new LinkedHashMap<>();
    for (int i = 1; i <= 3; i++) {
      ReplicaServer r = ReplicaServer.start("Node " + i, "127.0.0.1", 0);
      replicas.add(r);
      urls.put(r.name(), r.url());
    }
    AtomicLong versions = new AtomicLong();
    try (QuorumClient client =
            new QuorumClient(QuorumConfig.DEFAULT, urls, versions::incrementAndGet, "client");
        QuorumClient other =
            new QuorumClient(QuorumConfig.DEFAULT, urls, () -> 50, "someone-else")) {
      // Someone wrote k at version 50 to Node 2 alone (its own write failed, but Node 2 kept it).
      replicas.get(0).block(Set.of("someone-else"));
      replicas.get(2).block(Set.of("someone-else"));
      assertThat(other.write("k", "theirs").ok()).isFalse();
      replicas.forEach(ReplicaServer::heal);
      // Node 3 is cut off from us: Node 1 stores version 1, Node 2 keeps its 50 and refuses.
      replicas.get(2).block(Set.of("client"));
      QuorumWrite.Result refused = client.write("k", "ours");
      assertThat(refused.ok()).as(refused.reason()).isFalse();
      assertThat(refused.acked()).containsExactly("Node 1");
      assertThat(refused.refused())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.replica()).isEqualTo("Node 2");
                assertThat(a.reason()).isEqualTo("refused: holds v50, newer than v1");
              });
      assertThat(refused.reason())
          .isEqualTo(
              "FAILURE. Only 1/3 nodes stored it. W=2 not met. (Node 2 refused: holds v50, newer"
                  + " than v1) (Node 1 kept it anyway: a failed write is not undone.)");
      // The client learned the version to beat: the retry goes above it and wins.
      QuorumWrite.Result retried = client.write("k", "ours");
      assertThat(retried.ok()).as(retried.reason()).isTrue();
      assertThat(retried.value().version()).isEqualTo(51);
      assertThat(client.read("k").result().latest().orElseThrow().value()).isEqualTo("ours");
    } finally {
      replicas.forEach(ReplicaServer::close);
    }
  }

  @Test
  void aReadAtRPlusWGreaterThanNReturnsTheLatestAcknowledgedWriteOverHttp() {
    long seed = System.nanoTime();
    System.out.println(
        "aReadAtRPlusWGreaterThanNReturnsTheLatestAcknowledgedWriteOverHttp seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    for (QuorumConfig config : List.of(new QuorumConfig(3, 2, 2), new QuorumConfig(5, 3, 3))) {
      List<ReplicaServer> replicas = new ArrayList<>();
      Map<String, String> urls = new LinkedHashMap<>();
      for (int i = 1; i <= config.n(); i++) {
        ReplicaServer r = ReplicaServer.start("Node " + i, "127.0.0.1", 0);
        replicas.add(r);
        urls.put(r.name(), r.url());
      }
      AtomicLong versions = new AtomicLong();
      long acknowledged = 0;
      int reads = 0;
      try (QuorumClient client =
          new QuorumClient(config, urls, versions::incrementAndGet, "client")) {
        for (int step = 0; step < 60; step++) {
          for (ReplicaServer r : replicas) {
            r.heal();
            if (random.nextInt(3) == 0) {
              r.block(Set.of("client"));
            }
          }
          if (random.nextBoolean()) {
            QuorumWrite.Result w = client.write("k", "v" + step);
            if (w.ok()) {
              acknowledged = w.value().version();
            }
          } else {
            QuorumClient.Read read = client.read("k");
            if (read.result().ok()) {
              reads++;
              long got = read.result().latest().map(v -> v.version()).orElse(0L);
              assertThat(got)
                  .as("seed=%d %s step %d", seed, config, step)
                  .isGreaterThanOrEqualTo(acknowledged);
            }
          }
        }
      } finally {
        replicas.forEach(ReplicaServer::close);
      }
      assertThat(reads).as("seed=%d: some reads must have succeeded", seed).isPositive();
    }
  }
}
