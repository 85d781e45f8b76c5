package workshop.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The original workshop's numbers, reproduced exactly, and the laws behind them. */
class RebalanceTest {
  static final List<String> ABC = List.of("Node A", "Node B", "Node C");
  static final Iterable<String> KEYS = Rebalance.numberedKeys(1000);

  @Test
  void moduloMoves746Of1000KeysFromThreeToFourNodes() {
    ModuloHashing before = new ModuloHashing(ABC);
    Rebalance.Result r = Rebalance.between(before, before.withNode("Node D"), KEYS);
    // The original's visualize_rebalancing.py printed "Keys Moved:   746/1000".
    assertThat(r.moved()).isEqualTo(746);
    assertThat(r.movedPercent()).isEqualTo(74.6);
    assertThat(r.before()).isEqualTo(Map.of("Node A", 362, "Node B", 304, "Node C", 334));
  }

  @Test
  void consistentHashingMoves246Of1000Keys() {
    HashRing before = new HashRing(ABC, 100);
    Rebalance.Result r = Rebalance.between(before, before.withNode("Node D"), KEYS);
    assertThat(r.moved()).isEqualTo(246);
    assertThat(r.before()).isEqualTo(Map.of("Node A", 330, "Node B", 279, "Node C", 391));
    // Every moved key went to the new node: it owns exactly the 246 that moved.
    assertThat(r.after())
        .isEqualTo(Map.of("Node A", 273, "Node B", 200, "Node C", 281, "Node D", 246));
  }

  @Test
  void movedKeysDependOnTheNumberOfVirtualNodes() {
    // Measured with the original's library: 1 vnode 527, 10 -> 206, 100 -> 246, 200 -> 246.
    int[][] expected = {{1, 527}, {10, 206}, {100, 246}, {200, 246}};
    for (int[] e : expected) {
      HashRing ring = new HashRing(ABC, e[0]);
      assertThat(Rebalance.between(ring, ring.withNode("Node D"), KEYS).moved())
          .as("%d virtual nodes", e[0])
          .isEqualTo(e[1]);
    }
  }

  @Test
  void rendezvousMoves241Of1000Keys() {
    RendezvousHashing before = new RendezvousHashing(ABC);
    assertThat(Rebalance.between(before, before.withNode("Node D"), KEYS).moved()).isEqualTo(241);
  }

  @Test
  void routerDemoKeyStaysOnNodeBWithConsistentHashingButMovesWithModulo() {
    // The original router.py: 'user_123' maps to Node B; adding Node D moves it only under modulo.
    assertThat(new ModuloHashing(ABC).ownerOf("user_123")).isEqualTo("Node B");
    assertThat(new HashRing(ABC, 100).ownerOf("user_123")).isEqualTo("Node B");
    assertThat(new HashRing(ABC, 100).withNode("Node D").ownerOf("user_123")).isEqualTo("Node B");
    assertThat(new ModuloHashing(ABC).withNode("Node D").ownerOf("user_123")).isEqualTo("Node D");
  }

  @Test
  void addingOneNodeToNMovesAboutOneInNPlusOneKeys() {
    long seed = System.nanoTime();
    System.out.println("addingOneNodeToNMovesAboutOneInNPlusOneKeys seed=" + seed);
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < 6; round++) {
      int n = 2 + random.nextInt(7);
      List<String> nodes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        nodes.add("node-" + Long.toHexString(random.nextLong()));
      }
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 4000; i++) {
        keys.add("k" + random.nextLong());
      }
      String added = "new-" + random.nextInt(1000);
      double fair = 1.0 / (n + 1);
      for (ShardingStrategy s : List.of(new HashRing(nodes, 100), new RendezvousHashing(nodes))) {
        ShardingStrategy after = s.withNode(added);
        Rebalance.Result r = Rebalance.between(s, after, keys);
        double share = r.moved() / 4000.0;
        // 100 virtual nodes keep shares within about 30 % of fair; rendezvous within sampling
        // noise.
        assertThat(share)
            .as("seed=%d %s n=%d moved %d", seed, s.name(), n, r.moved())
            .isBetween(fair * 0.6, fair * 1.4);
        // Only the new node gains keys: every move goes to it.
        for (Rebalance.Move m : Rebalance.moves(s, after, keys)) {
          assertThat(m.to()).as("seed=%d", seed).isEqualTo(added);
        }
      }
    }
  }

  @Test
  void removingANodeOnlyHandsItsOwnKeysOn() {
    HashRing ring = new HashRing(List.of("Node A", "Node B", "Node C", "Node D"), 100);
    for (Rebalance.Move m : Rebalance.moves(ring, ring.withoutNode("Node D"), KEYS)) {
      assertThat(m.from()).isEqualTo("Node D");
    }
    assertThat(Rebalance.between(ring, ring.withoutNode("Node D"), KEYS).moved()).isEqualTo(246);
  }

  @Test
  void ringLookupTakesTheFirstPositionStrictlyGreaterAndWraps() {
    HashRing ring = new HashRing(List.of("x", "y"), 3);
    var positions = new ArrayList<>(ring.positions().entrySet());
    var first = positions.get(0);
    var second = positions.get(1);
    var last = positions.get(positions.size() - 1);
    // Exactly on a position: the next one owns it (bisect_right).
    assertThat(ring.ownerOf("k", first.getKey())).isEqualTo(second.getValue());
    // Past the last position: wraps to the first.
    assertThat(ring.ownerOf("k", last.getKey())).isEqualTo(first.getValue());
    assertThat(ring.ownerOf("k", java.math.BigInteger.ZERO)).isEqualTo(first.getValue());
  }

  @Test
  void badNodeListsAreRefusedWithAReason() {
    assertThatThrownBy(() -> new ModuloHashing(List.of()))
        .hasMessageContaining("at least one node");
    assertThatThrownBy(() -> new HashRing(List.of("a", "a"), 10)).hasMessageContaining("unique");
    assertThatThrownBy(() -> new HashRing(List.of("a"), 0)).hasMessageContaining("between 1");
    assertThatThrownBy(() -> new RendezvousHashing(ABC).withNode("Node A"))
        .hasMessageContaining("already");
    assertThatThrownBy(() -> new ModuloHashing(ABC).withoutNode("Node Z"))
        .hasMessageContaining("not one of");
    assertThatThrownBy(() -> new ModuloHashing(List.of("a")).withoutNode("a"))
        .hasMessageContaining("last node");
    assertThatThrownBy(() -> ShardingStrategy.named("random", ABC))
        .hasMessageContaining("modulo, consistent or rendezvous");
  }
}
