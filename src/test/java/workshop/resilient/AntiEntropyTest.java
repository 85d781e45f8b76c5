package workshop.resilient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workshop.protocol.Effects;
import workshop.quorum.ReplicaStore;
import workshop.quorum.Versioned;
import workshop.sharding.HashRing;

/** The comparison two replicas make, and what applying its items says. */
class AntiEntropyTest {
  static final List<String> FOUR = List.of("node-1", "node-2", "node-3", "node-4");
  static final HashRing RING = new HashRing(FOUR, HashRing.DEFAULT_VIRTUAL_NODES);

  private static ReplicaStore store(Map<String, Long> versions) {
    ReplicaStore s = new ReplicaStore();
    versions.forEach((k, v) -> s.apply(k, new Versioned(k + "@" + v, v)));
    return s;
  }

  /** A key whose three replicas include {@code in} and exclude {@code out}. */
  private static String keyOn(String in, String out) {
    for (int i = 0; ; i++) {
      List<String> p = RING.preferenceList("k" + i, 3);
      if (p.contains(in) && !p.contains(out)) {
        return "k" + i;
      }
    }
  }

  @Test
  void aPeerIsGivenWhatItLacksAndAskedForWhatItHasNewerAmongKeysBothReplicate() {
    ReplicaStore mine = store(Map.of("a", 3L, "b", 1L));
    var plan =
        AntiEntropy.compare(
            "node-1",
            "node-2",
            Map.of("b", 5L),
            mine,
            new HashRing(List.of("node-1", "node-2"), 100),
            3);
    assertThat(plan.give()).containsExactly(new ReplicaMessage.Item("a", "a@3", 3));
    assertThat(plan.want()).containsExactly("b");
  }

  @Test
  void keysOnlyOneSideReplicatesAreNeitherGivenNorWanted() {
    // node-1 holds a key node-2 is not a replica of, and node-2 offers one node-1 is not.
    String notForTwo = keyOn("node-1", "node-2");
    String notForOne = keyOn("node-2", "node-1");
    ReplicaStore mine = store(Map.of(notForTwo, 4L));
    var plan = AntiEntropy.compare("node-1", "node-2", Map.of(notForOne, 9L), mine, RING, 3);
    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void applyingSaysWhatWasPulledAndWhatTheReplicaHadAndIgnoresOlderItems() {
    ReplicaStore s = store(Map.of("b", 2L));
    var one = AntiEntropy.apply(List.of(new ReplicaMessage.Item("b", "new", 5)), "node-3", s);
    assertThat(one)
        .contains(
            new Effects.Event("anti-entropy: pulled b v5 from node-3", "this replica had v2"));
    var stale = AntiEntropy.apply(List.of(new ReplicaMessage.Item("b", "old", 4)), "node-3", s);
    assertThat(stale).isEmpty();
    assertThat(s.get("b").orElseThrow().value()).isEqualTo("new");
    var many =
        AntiEntropy.apply(
            List.of(
                new ReplicaMessage.Item("c", "c", 1),
                new ReplicaMessage.Item("d", "d", 1),
                new ReplicaMessage.Item("e", "e", 1),
                new ReplicaMessage.Item("f", "f", 1)),
            "node-2",
            s);
    assertThat(many.orElseThrow().what())
        .isEqualTo("anti-entropy: pulled 4 keys from node-2 (c v1, d v1, e v1 and 1 more)");
  }

  @Test
  void oneExchangeBothWaysLeavesTwoReplicasAgreeingOnEveryKeyTheyShare() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < 50; round++) {
      ReplicaStore a = new ReplicaStore();
      ReplicaStore b = new ReplicaStore();
      for (int k = 0; k < 40; k++) {
        if (random.nextInt(3) > 0) {
          a.apply("key" + k, new Versioned("a", 1 + random.nextInt(5)));
        }
        if (random.nextInt(3) > 0) {
          b.apply("key" + k, new Versioned("b", 1 + random.nextInt(5)));
        }
      }
      // node-1 offers its digest; node-2 answers with a plan; node-1 sends what was wanted.
      var plan = AntiEntropy.compare("node-2", "node-1", a.digest(), b, RING, 3);
      AntiEntropy.apply(plan.give(), "node-2", a);
      AntiEntropy.apply(AntiEntropy.items(plan.want(), a), "node-1", b);
      for (int k = 0; k < 40; k++) {
        String key = "key" + k;
        List<String> replicas = RING.preferenceList(key, 3);
        if (replicas.contains("node-1") && replicas.contains("node-2")) {
          assertThat(a.get(key).map(Versioned::version))
              .as("seed " + seed + ", round " + round + ", " + key)
              .isEqualTo(b.get(key).map(Versioned::version));
        }
      }
    }
  }
}
