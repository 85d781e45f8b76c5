package workshop.cap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Last-writer-wins as each replica applies it: order-free, and honest about what it drops. */
class CapStoreTest {
  private static Item item(String value, long millis, String replica, Item over) {
    return Item.over(over, "user:x", value, new Stamp(millis, replica));
  }

  @Test
  void theHigherStampWinsAndATieGoesToTheLaterReplicaName() {
    CapStore store = new CapStore();
    store.merge(item("A", 100, "cap-1", null), 0);
    store.merge(item("B", 100, "cap-3", null), 0); // same millisecond: cap-3 > cap-1
    store.merge(item("C", 99, "cap-2", null), 0); // older: kept out
    assertThat(store.get("user:x").value()).isEqualTo("B");
  }

  @Test
  void aValueWrittenOverAnotherLosesNothingButConcurrentOnesLoseTheOlder() {
    Item a = item("A", 100, "cap-1", null);
    Item b = item("B", 200, "cap-2", a); // its writer had seen A
    CapStore seen = new CapStore();
    seen.merge(a, 0);
    assertThat(seen.merge(b, 0)).isEqualTo(new CapStore.Merge(true, null));
    assertThat(seen.merge(a, 0).lost()).isNull(); // A arriving late is old news, not a conflict

    Item c = item("C", 300, "cap-3", null); // never saw A or B
    CapStore.Merge m = seen.merge(c, 5);
    assertThat(m.taken()).isTrue();
    assertThat(m.lost().toString())
        .isEqualTo("user:x: kept 'C' (v300, from cap-3), dropped 'B' (v200, from cap-2)");
    // Two sides that wrote the same value lost nothing.
    CapStore same = new CapStore();
    same.merge(item("A", 1, "cap-1", null), 0);
    assertThat(same.merge(item("A", 2, "cap-3", null), 0).lost()).isNull();
  }

  @Test
  void theStampOfALocalWriteIsAboveTheKeysVersionEvenIfTheClockSteppedBack() {
    CapStore store = new CapStore();
    store.write("user:x", "A", new Stamp(1_000, "cap-1"));
    // The clock reads 500 (stepped back): the next write still wins over the first.
    assertThat(store.nextStamp("user:x", 500, "cap-1")).isEqualTo(new Stamp(1_001, "cap-1"));
    assertThat(store.nextStamp("other", 500, "cap-1")).isEqualTo(new Stamp(500, "cap-1"));
  }

  /**
   * Replicas that see the same copies in any order, any number of times, hold the same values: 200
   * seeded shuffles of 30 copies of 4 keys, each merged into a store in order and in a shuffled
   * order with repeats.
   */
  @Test
  void mergingTheSameCopiesInAnyOrderAnyNumberOfTimesEndsTheSame() {
    for (long seed = 1; seed <= 200; seed++) {
      Random random = new Random(seed);
      List<Item> copies = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        copies.add(
            Item.over(
                null,
                "k" + random.nextInt(4),
                "v" + i,
                // A replica never stamps two writes alike: i keeps the stamps apart.
                new Stamp(random.nextInt(50) * 100L + i, "cap-" + (1 + random.nextInt(3)))));
      }
      CapStore inOrder = new CapStore();
      copies.forEach(c -> inOrder.merge(c, 0));
      List<Item> shuffled = new ArrayList<>(copies);
      shuffled.addAll(copies.subList(0, 10));
      Collections.shuffle(shuffled, random);
      CapStore other = new CapStore();
      shuffled.forEach(c -> other.merge(c, 0));
      assertThat(other.items()).as("seed %d", seed).isEqualTo(inOrder.items());
    }
  }
}
