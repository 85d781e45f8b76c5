package workshop.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The merge laws that make gossip converge, checked on seeded random states. */
class GossipStateTest {
  static final long SEED = 20260101L;

  static GossipState random(SplittableRandom r) {
    GossipState s = GossipState.empty();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      // Few ids, few versions and few values, so that ties and conflicts are common.
      String value = r.nextBoolean() ? null : "v" + r.nextInt(3);
      s = s.with(r.nextInt(5), new GossipState.Entry(r.nextInt(4), value));
    }
    return s;
  }

  @Test
  void mergeIsCommutativeAssociativeAndIdempotent() {
    SplittableRandom r = new SplittableRandom(SEED);
    for (int i = 0; i < 2_000; i++) {
      GossipState a = random(r);
      GossipState b = random(r);
      GossipState c = random(r);
      String seen = "seed " + SEED + ", case " + i + ": a={" + a + "} b={" + b + "} c={" + c + "}";
      assertThat(a.merge(b)).as(seen).isEqualTo(b.merge(a));
      assertThat(a.merge(b).merge(c)).as(seen).isEqualTo(a.merge(b.merge(c)));
      assertThat(a.merge(a)).as(seen).isEqualTo(a);
      assertThat(a.merge(b).merge(b)).as(seen).isEqualTo(a.merge(b));
    }
  }

  @Test
  void mergeKeepsTheHigherVersionOfEveryId() {
    GossipState a = GossipState.ofVersions(Map.of(1, 3L, 2, 0L));
    GossipState b = GossipState.ofVersions(Map.of(1, 1L, 2, 5L, 3, 0L));
    assertThat(a.merge(b).versions())
        .containsExactly(Map.entry(1, 3L), Map.entry(2, 5L), Map.entry(3, 0L));
  }

  @Test
  void mergeReturnsTheSameObjectWhenNothingIsNew() {
    GossipState a = GossipState.ofVersions(Map.of(1, 3L));
    assertThat(a.merge(GossipState.ofVersions(Map.of(1, 2L)))).isSameAs(a);
    assertThat(a.merge(GossipState.empty())).isSameAs(a);
  }

  @Test
  void printsInTheVisualizersNotation() {
    assertThat(GossipState.ofVersions(Map.of(2, 0L, 1, 1L))).hasToString("1:1, 2:0");
  }

  @Test
  void refusesNegativeVersions() {
    assertThatThrownBy(() -> GossipState.empty().with(1, new GossipState.Entry(-1, null)))
        .hasMessage("version must be 0 or more, got -1");
  }
}
