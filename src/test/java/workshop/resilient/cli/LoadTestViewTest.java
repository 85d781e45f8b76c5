package workshop.resilient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import workshop.resilient.LoadTally;
import workshop.resilient.LoadTally.Outcome;
import workshop.resilient.LoadTally.Write;

class LoadTestViewTest {
  static final List<String> ABC = List.of("node-1", "node-2", "node-3");

  @Test
  void rendersTheTableTheOriginalNeverShowed() {
    // Four writes on three nodes, node-2 down for the last one (it stays a replica but stores
    // nothing: 3 writes, 4 keys); one more refused by the quorum. p50 of 2.9, 3.2, 4.1, 5.0, 12.5
    // is the 3rd value; p99 the 5th.
    LoadTally.Table t =
        LoadTally.tally(
            List.of(
                Write.acknowledged("test:aaaaaaaa", 3.2, ABC, ABC),
                Write.acknowledged("test:bbbbbbbb", 4.1, ABC, ABC),
                Write.acknowledged("test:cccccccc", 2.9, ABC, ABC),
                Write.acknowledged("test:dddddddd", 5.0, ABC, List.of("node-1", "node-3")),
                Write.failed(
                    "test:eeeeeeee",
                    Outcome.QUORUM_NOT_MET,
                    12.5,
                    "Quorum not met: 1 of 3 replicas acknowledged, W=2 needed.")),
            List.of(
                new LoadTally.ReadBack("test:aaaaaaaa", "load-test 1", 200, "load-test 1"),
                new LoadTally.ReadBack("test:bbbbbbbb", "load-test 2", 200, "load-test 2"),
                new LoadTally.ReadBack("test:cccccccc", "load-test 3", 200, "load-test 3"),
                new LoadTally.ReadBack("test:dddddddd", "load-test 4", 200, "load-test 4")));
    assertThat(LoadTestView.render(t))
        .isEqualTo(
            """
            node    writes  replica for  of keys
            node-1       4            4   100.0%  ████████████████████████████████████████
            node-2       3            4   100.0%  ████████████████████████████████████████
            node-3       4            4   100.0%  ████████████████████████████████████████
              writes: copies it acknowledged (written_to); replica for: acknowledged keys whose
              replicas include it (replica_nodes); of keys: replica for / acknowledged keys.

            Writes:       5 sent, 4 acknowledged, 1 failed (quorum not met (503) 1, timeout 0, refused 0, other 0)
              first quorum not met (503): test:eeeeeeee: Quorum not met: 1 of 3 replicas acknowledged, W=2 needed.
            Latency:      p50 4.1 ms, p99 12.5 ms
            Distribution: EVEN (max/min 1.00): every node is a replica of every key (3 nodes, 3 replicas per key); scale up (POST /scale-up) and run again to see the ring share keys out
            Read back:    4 of 4 acknowledged keys read back with the value written""");
  }

  @Test
  void saysWhichAcknowledgedKeysDidNotReadBack() {
    LoadTally.Table t =
        LoadTally.tally(
            List.of(Write.acknowledged("test:aaaaaaaa", 3, ABC, ABC)),
            List.of(new LoadTally.ReadBack("test:aaaaaaaa", "load-test 1", 404, "not found")));
    assertThat(LoadTestView.render(t))
        .endsWith(
            """
            Read back:    1 of 1 acknowledged keys did NOT read back as written:
              test:aaaaaaaa missing (404)""");
  }

  @Test
  void withNothingAcknowledgedThereIsNoTableAndNoVerdict() {
    LoadTally.Table t =
        LoadTally.tally(
            List.of(Write.failed("test:a", Outcome.REFUSED, 0.4, "nothing is listening")), null);
    assertThat(LoadTestView.render(t))
        .isEqualTo(
            """
            Writes:       1 sent, 0 acknowledged, 1 failed (quorum not met (503) 0, timeout 0, refused 1, other 0)
              first refused: test:a: nothing is listening
            Latency:      p50 0.4 ms, p99 0.4 ms
            Distribution: nothing was acknowledged, so there is nothing to judge""");
  }
}
