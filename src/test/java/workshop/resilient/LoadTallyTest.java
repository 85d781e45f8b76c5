package workshop.resilient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import workshop.resilient.LoadTally.Evenness;
import workshop.resilient.LoadTally.Outcome;
import workshop.resilient.LoadTally.ReadBack;
import workshop.resilient.LoadTally.Write;

class LoadTallyTest {
  private static Write ok(String key, double ms, List<String> replicas, List<String> stored) {
    return Write.acknowledged(key, ms, replicas, stored);
  }

  @Test
  void countsWritesFromWrittenToAndKeysFromReplicaNodes() {
    List<String> all = List.of("node-3", "node-1", "node-2");
    LoadTally.Table t =
        LoadTally.tally(
            List.of(
                ok("test:a", 2, all, all),
                ok("test:b", 3, all, all),
                // node-2 was down: still a replica of the key, but it stored nothing.
                ok("test:c", 4, all, List.of("node-3", "node-1")),
                Write.failed("test:d", Outcome.QUORUM_NOT_MET, 5, "Quorum not met")),
            null);
    assertThat(t.nodes())
        .containsExactly(
            new LoadTally.NodeRow("node-1", 3, 3, 100.0),
            new LoadTally.NodeRow("node-2", 2, 3, 100.0),
            new LoadTally.NodeRow("node-3", 3, 3, 100.0));
    assertThat(t.requests()).isEqualTo(4);
    assertThat(t.acknowledged()).isEqualTo(3);
    assertThat(t.failed()).isEqualTo(1);
    assertThat(t.readBack()).isNull();
  }

  @Test
  void withNoMoreNodesThanReplicasTheVerdictSaysTheRingIsNotVisible() {
    List<String> all = List.of("node-1", "node-2", "node-3");
    LoadTally.Verdict v = LoadTally.tally(List.of(ok("test:a", 1, all, all)), null).verdict();
    assertThat(v.evenness()).isEqualTo(Evenness.EVEN);
    assertThat(v.ratio()).isEqualTo(1.0);
    assertThat(v.reason())
        .isEqualTo(
            "every node is a replica of every key (3 nodes, 3 replicas per key); scale up"
                + " (POST /scale-up) and run again to see the ring share keys out");
  }

  @Test
  void judgesEvennessByTheRatioOfMostToFewestKeysHeld() {
    // Four nodes, N=3: node-1 holds 4 keys, node-4 holds 2 -> 2.0, not below 2.0: UNEVEN.
    List<Write> uneven =
        List.of(
            ok("k1", 1, List.of("node-1", "node-2", "node-3"), List.of()),
            ok("k2", 1, List.of("node-1", "node-2", "node-4"), List.of()),
            ok("k3", 1, List.of("node-1", "node-3", "node-4"), List.of()),
            ok("k4", 1, List.of("node-1", "node-2", "node-3"), List.of()));
    LoadTally.Verdict v = LoadTally.tally(uneven, null).verdict();
    assertThat(v.evenness()).isEqualTo(Evenness.UNEVEN);
    assertThat(v.ratio()).isEqualTo(2.0);
    assertThat(v.reason())
        .isEqualTo(
            "node-1 holds 4 keys, node-4 2. With few keys chance alone does this: run more"
                + " requests. If it stays uneven, the ring needs more virtual nodes per node (it"
                + " has 100)");
    // Drop k4: node-1 3, node-2 2, node-3 2, node-4 2 -> 1.5: SLIGHTLY UNEVEN (not below 1.5).
    LoadTally.Verdict slight = LoadTally.tally(uneven.subList(0, 3), null).verdict();
    assertThat(slight.evenness()).isEqualTo(Evenness.SLIGHTLY_UNEVEN);
    assertThat(slight.reason()).isEqualTo("node-1 holds 3 keys, node-2 2");
  }

  @Test
  void aNodeThatHoldsNoKeyIsUneven() {
    // node-4 appears only in written_to (say, a pending replica): it is a replica of nothing.
    LoadTally.Verdict v =
        LoadTally.tally(
                List.of(
                    ok(
                        "k1",
                        1,
                        List.of("node-1", "node-2", "node-3"),
                        List.of("node-1", "node-2", "node-3", "node-4"))),
                null)
            .verdict();
    assertThat(v.evenness()).isEqualTo(Evenness.UNEVEN);
    assertThat(v.ratio()).isInfinite();
  }

  @Test
  void countsFailuresByKindAndKeepsTheFirstExampleOfEach() {
    LoadTally.Table t =
        LoadTally.tally(
            List.of(
                Write.failed("k1", Outcome.TIMEOUT, 5000, "no answer within 5000 ms"),
                Write.failed("k2", Outcome.QUORUM_NOT_MET, 3, "1 of W=2 acks"),
                Write.failed("k3", Outcome.QUORUM_NOT_MET, 3, "0 of W=2 acks"),
                Write.failed("k4", Outcome.REFUSED, 1, "nothing is listening"),
                Write.failed("k5", Outcome.OTHER, 1, "answered 200 with text/html")),
            null);
    assertThat(t.failures())
        .containsEntry(Outcome.QUORUM_NOT_MET, 2)
        .containsEntry(Outcome.TIMEOUT, 1)
        .containsEntry(Outcome.REFUSED, 1)
        .containsEntry(Outcome.OTHER, 1);
    assertThat(t.examples()).containsEntry(Outcome.QUORUM_NOT_MET, "k2: 1 of W=2 acks");
    assertThat(t.nodes()).isEmpty();
    assertThat(t.verdict()).as("nothing acknowledged, nothing to judge").isNull();
  }

  @Test
  void latencyPercentilesAreNearestRank() {
    List<Write> writes = new ArrayList<>();
    // 1..100 ms, shuffled order: p50 is the 50th value, p99 the 99th.
    for (int ms : new int[] {7, 100, 1, 99, 50}) {
      writes.add(Write.failed("k" + ms, Outcome.REFUSED, ms, ""));
    }
    IntStream.rangeClosed(1, 100)
        .filter(ms -> ms != 7 && ms != 100 && ms != 1 && ms != 99 && ms != 50)
        .forEach(ms -> writes.add(Write.failed("k" + ms, Outcome.REFUSED, ms, "")));
    LoadTally.Table t = LoadTally.tally(writes, null);
    assertThat(t.p50Millis()).isEqualTo(50.0);
    assertThat(t.p99Millis()).isEqualTo(99.0);
    assertThat(LoadTally.tally(List.of(), null).p99Millis()).isZero();
  }

  @Test
  void readBackFindsMissingWrongAndUnreadableKeys() {
    LoadTally.Table t =
        LoadTally.tally(
            List.of(),
            List.of(
                new ReadBack("k1", "v1", 200, "v1"),
                new ReadBack("k2", "v2", 404, "Key 'k2' not found in cluster"),
                new ReadBack("k3", "v3", 200, "old"),
                new ReadBack("k4", "v4", 503, "Quorum not met"),
                new ReadBack("k5", "v5", 0, "timeout")));
    assertThat(t.readBackProblems().stream().map(r -> r.key() + " " + r.problem()))
        .containsExactly(
            "k2 missing (404)",
            "k3 wrong value 'old' (wrote 'v3')",
            "k4 unreadable (503: Quorum not met)",
            "k5 no answer (timeout)");
  }

  @Test
  void keysAreDistinctAndTheSameForTheSameSeed() {
    List<String> keys = LoadTally.keys(new SplittableRandom(7), 1000);
    assertThat(keys)
        .hasSize(1000)
        .doesNotHaveDuplicates()
        .allMatch(k -> k.matches("test:[a-z0-9]{8}"));
    assertThat(LoadTally.keys(new SplittableRandom(7), 3)).isEqualTo(keys.subList(0, 3));
    assertThat(keys.subList(0, 3))
        .containsExactly("test:e7z7j5l7", "test:uabk2hmb", "test:zdx1t2il");
  }
}
