package workshop.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The quorum rules, decided without a network: R + W > N, highest version wins, read repair. */
class QuorumTest {
  static final QuorumConfig Q322 = new QuorumConfig(3, 2, 2);

  @Test
  void readsTheOriginalCheckpointLines() {
    Versioned v1 = new Versioned("v1", 1);
    var healthy =
        QuorumRead.decide(
            Q322,
            List.of(
                new ReplicaReply.Found("Node 1", v1),
                new ReplicaReply.Found("Node 2", v1),
                new ReplicaReply.Found("Node 3", v1)));
    assertThat(healthy.reason())
        .isEqualTo("SUCCESS. Got Version 1 from ['Node 1', 'Node 2', 'Node 3']");
    var oneDown =
        QuorumRead.decide(
            Q322,
            List.of(
                new ReplicaReply.Found("Node 1", v1),
                new ReplicaReply.Unreachable("Node 2", "refused"),
                new ReplicaReply.Found("Node 3", v1)));
    assertThat(oneDown.reason())
        .isEqualTo("SUCCESS (Quorum Met). Got Version 1 from ['Node 1', 'Node 3']");
    var twoDown =
        QuorumRead.decide(
            Q322,
            List.of(
                new ReplicaReply.Found("Node 1", v1),
                new ReplicaReply.Unreachable("Node 2", "refused"),
                new ReplicaReply.Unreachable("Node 3", "refused")));
    assertThat(twoDown.ok()).isFalse();
    assertThat(twoDown.reason()).isEqualTo("FAILURE. Only 1/3 nodes alive. R=2 not met.");
  }

  @Test
  void highestVersionWinsAndStaleRepliesBecomeTheRepairPlan() {
    var read =
        QuorumRead.decide(
            Q322,
            List.of(
                new ReplicaReply.Found("Node 1", new Versioned("old", 1)),
                new ReplicaReply.Found("Node 2", new Versioned("new", 2)),
                new ReplicaReply.Missing("Node 3")));
    assertThat(read.latest()).contains(new Versioned("new", 2));
    assertThat(read.stale()).containsExactly("Node 1", "Node 3");
  }

  @Test
  void aWriteNeedsWAcknowledgementsAndIsNotUndoneWhenItFails() {
    Versioned v = new Versioned("x", 7);
    var failed =
        QuorumWrite.decide(
            Q322,
            v,
            List.of(
                QuorumWrite.Ack.stored("Node 1"),
                QuorumWrite.Ack.failed("Node 2", "refused"),
                QuorumWrite.Ack.failed("Node 3", "refused")));
    assertThat(failed.ok()).isFalse();
    assertThat(failed.reason()).startsWith("FAILURE. Only 1/3 nodes stored it. W=2 not met.");
    var ok =
        QuorumWrite.decide(
            Q322,
            v,
            List.of(
                QuorumWrite.Ack.stored("Node 1"),
                QuorumWrite.Ack.failed("Node 2", "refused"),
                QuorumWrite.Ack.stored("Node 3")));
    assertThat(ok.reason())
        .isEqualTo("SUCCESS (Quorum Met). Version 7 stored on ['Node 1', 'Node 3']");
  }

  @Test
  void aReplicaKeepsOnlyNewerVersions() {
    ReplicaStore store = new ReplicaStore();
    assertThat(store.apply("k", new Versioned("b", 2))).isTrue();
    assertThat(store.apply("k", new Versioned("a", 1))).isFalse();
    assertThat(store.apply("k", new Versioned("b", 2))).isFalse();
    assertThat(store.get("k")).contains(new Versioned("b", 2));
  }

  @Test
  void configsAreValidatedWithTheAllowedRange() {
    assertThatThrownBy(() -> new QuorumConfig(3, 4, 2))
        .hasMessage("W must be between 1 and N=3, got 4");
    assertThatThrownBy(() -> new QuorumConfig(3, 2, 0))
        .hasMessage("R must be between 1 and N=3, got 0");
    assertThatThrownBy(() -> new QuorumConfig(0, 1, 1))
        .hasMessageContaining("N must be between 1 and 9");
    assertThat(new QuorumConfig(5, 3, 3).readFailuresTolerated()).isEqualTo(2);
    assertThat(new QuorumConfig(3, 1, 1).readsSeeLatestWrite()).isFalse();
  }

  /**
   * Random writes and reads, each reaching a random subset of replicas (the rest failed or
   * partitioned). With R + W > N a successful read never returns less than the latest acknowledged
   * write; with R + W <= N the same schedule produces stale reads.
   */
  @Test
  void aReadAtRPlusWGreaterThanNAlwaysReturnsTheLatestAcknowledgedWrite() {
    long seed = System.nanoTime();
    System.out.println("aReadAtRPlusWGreaterThanN... seed=" + seed);
    List<QuorumConfig> strong =
        List.of(
            new QuorumConfig(3, 2, 2),
            new QuorumConfig(5, 3, 3),
            new QuorumConfig(3, 3, 1),
            new QuorumConfig(5, 4, 2),
            new QuorumConfig(3, 1, 3));
    for (QuorumConfig config : strong) {
      assertThat(staleReads(config, new SplittableRandom(seed)))
          .as("seed=%d %s", seed, config)
          .isZero();
    }
    long weakStale = 0;
    for (QuorumConfig config : List.of(new QuorumConfig(3, 1, 1), new QuorumConfig(5, 2, 3))) {
      weakStale += staleReads(config, new SplittableRandom(seed));
    }
    assertThat(weakStale).as("seed=%d: R + W <= N must show stale reads", seed).isPositive();
  }

  private static long staleReads(QuorumConfig config, SplittableRandom random) {
    List<ReplicaStore> replicas = new ArrayList<>();
    for (int i = 0; i < config.n(); i++) {
      replicas.add(new ReplicaStore());
    }
    long version = 0;
    long acknowledged = 0;
    long stale = 0;
    for (int step = 0; step < 2000; step++) {
      boolean[] up = new boolean[config.n()];
      for (int i = 0; i < up.length; i++) {
        up[i] = random.nextInt(3) > 0;
      }
      if (random.nextBoolean()) {
        Versioned v = new Versioned("v" + (++version), version);
        List<QuorumWrite.Ack> acks = new ArrayList<>();
        for (int i = 0; i < up.length; i++) {
          if (up[i]) {
            replicas.get(i).apply("k", v);
            acks.add(QuorumWrite.Ack.stored("r" + i));
          } else {
            acks.add(QuorumWrite.Ack.failed("r" + i, "down"));
          }
        }
        if (QuorumWrite.decide(config, v, acks).ok()) {
          acknowledged = v.version();
        }
      } else {
        List<ReplicaReply> replies = new ArrayList<>();
        for (int i = 0; i < up.length; i++) {
          replies.add(
              up[i]
                  ? replicas
                      .get(i)
                      .get("k")
                      .<ReplicaReply>map(v -> new ReplicaReply.Found("r", v))
                      .orElse(new ReplicaReply.Missing("r"))
                  : new ReplicaReply.Unreachable("r", "down"));
        }
        var read = QuorumRead.decide(config, replies);
        long got = read.latest().map(Versioned::version).orElse(0L);
        if (read.ok() && got < acknowledged) {
          stale++;
        }
      }
    }
    return stale;
  }
}
