package workshop.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each node's share of the ring, which the capstone's dashboard draws. */
class RingSharesTest {
  @Test
  void sharesAddUpToTheWholeRing() {
    for (int vnodes : new int[] {1, 3, 100}) {
      HashRing ring = new HashRing(List.of("node-1", "node-2", "node-3"), vnodes);
      double sum = ring.shares().values().stream().mapToDouble(Double::doubleValue).sum();
      assertThat(sum).as("%d virtual nodes", vnodes).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void aSharesIsTheFractionOfKeysTheNodeOwns() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    // 2 virtual nodes each: uneven shares, so a wrong arc would show.
    HashRing ring = new HashRing(List.of("node-1", "node-2", "node-3"), 2);
    Map<String, Integer> owned = new HashMap<>();
    int keys = 20_000;
    for (int i = 0; i < keys; i++) {
      owned.merge(ring.ownerOf("k" + random.nextLong()), 1, Integer::sum);
    }
    // 20,000 keys: the sampled fraction is within about 0.01 of the true share (3 sigma).
    ring.shares()
        .forEach(
            (node, share) ->
                assertThat(owned.getOrDefault(node, 0) / (double) keys)
                    .as("seed %d node %s", seed, node)
                    .isCloseTo(share, within(0.012)));
  }

  @Test
  void aHundredVirtualNodesGiveEachOfThreeNodesCloseToAThird() {
    HashRing ring = new HashRing(List.of("node-1", "node-2", "node-3"), 100);
    // The default's promise: within about 20 % of the fair 1/3.
    ring.shares().values().forEach(s -> assertThat(s).isBetween(0.8 / 3, 1.2 / 3));
    assertThat(ring.shares().keySet()).containsExactly("node-1", "node-2", "node-3");
  }
}
