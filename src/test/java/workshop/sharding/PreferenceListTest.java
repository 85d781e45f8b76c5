package workshop.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PreferenceListTest {
  final HashRing ring = new HashRing(List.of("node-1", "node-2", "node-3", "node-4"), 100);

  @Test
  void startsWithTheOwnerAndNamesDistinctNodes() {
    for (int i = 0; i < 500; i++) {
      String key = "user:" + i;
      List<String> list = ring.preferenceList(key, 3);
      assertThat(list).hasSize(3).doesNotHaveDuplicates();
      assertThat(list.get(0)).isEqualTo(ring.ownerOf(key));
    }
  }

  @Test
  void isCappedByTheNumberOfNodes() {
    assertThat(new HashRing(List.of("a", "b"), 100).preferenceList("k", 3)).hasSize(2);
  }

  @Test
  void addingANodeChangesOnlyListsItJoins() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    HashRing bigger = ring.withNode("node-5");
    for (int i = 0; i < 1000; i++) {
      String key = "k" + random.nextLong();
      List<String> before = ring.preferenceList(key, 3);
      List<String> after = bigger.preferenceList(key, 3);
      if (!after.contains("node-5")) {
        assertThat(after).as("seed %d key %s", seed, key).isEqualTo(before);
      }
    }
  }
}
