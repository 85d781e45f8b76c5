package workshop.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workshop.chaos.ChaosMonkey.Node;
import workshop.chaos.ChaosMonkey.State;

class ChaosMonkeyTest {
  /** "node-1:alive node-2:dead" as the registry would list it. */
  private static List<Node> view(String nodes) {
    List<Node> list = new ArrayList<>();
    for (String n : nodes.split(" ")) {
      String[] idState = n.split(":");
      list.add(
          new Node(
              idState[0],
              switch (idState[1]) {
                case "alive" -> State.ALIVE;
                case "dead" -> State.DOWN;
                default -> State.OTHER;
              }));
    }
    return list;
  }

  private static String step(ChaosMonkey monkey, String nodes) {
    return nodes
        + "  ->  "
        + switch (monkey.next(view(nodes))) {
          case ChaosMonkey.Kill k -> "kill " + k.id() + " (" + k.reason() + ")";
          case ChaosMonkey.Skip s -> "skip: " + s.reason();
        };
  }

  @Test
  void killsOneAliveNodeAtATimeAndWaitsWhileOneIsDown() {
    // Seed 7, as in the lesson: its first pick among three is node-2.
    ChaosMonkey monkey = new ChaosMonkey(1, new SplittableRandom(7));
    List<String> transcript =
        List.of(
            step(monkey, "node-1:alive node-2:alive node-3:alive"),
            // Whichever node was killed is dead now: nothing else may go down.
            step(monkey, "node-1:alive node-2:dead node-3:alive"),
            step(monkey, "node-1:alive node-2:alive node-3:alive"),
            // A scaled-up node still joining is not a target and does not count as down.
            step(monkey, "node-1:alive node-2:alive node-3:alive node-4:joining"),
            // A node that left on purpose is off the ring: not down either.
            step(monkey, "node-1:alive node-2:alive node-3:left"),
            step(monkey, "node-1:alive node-2:left node-3:left"),
            step(monkey, "node-1:dead node-2:left"));
    assertThat(String.join("\n", transcript))
        .isEqualTo(
            """
            node-1:alive node-2:alive node-3:alive  ->  kill node-2 (1 of 3 alive nodes)
            node-1:alive node-2:dead node-3:alive  ->  skip: node-2 is down, and at most 1 node may be down at a time (--max-down 1)
            node-1:alive node-2:alive node-3:alive  ->  kill node-1 (1 of 3 alive nodes)
            node-1:alive node-2:alive node-3:alive node-4:joining  ->  kill node-2 (1 of 3 alive nodes)
            node-1:alive node-2:alive node-3:left  ->  kill node-2 (1 of 2 alive nodes)
            node-1:alive node-2:left node-3:left  ->  skip: node-1 is the last alive node; killing it would stop the whole cluster
            node-1:dead node-2:left  ->  skip: node-1 is down, and at most 1 node may be down at a time (--max-down 1)""");
  }

  @Test
  void withMaxDownTwoASecondNodeMayGoButNeverTheLast() {
    ChaosMonkey monkey = new ChaosMonkey(2, new SplittableRandom(7));
    assertThat(step(monkey, "node-1:alive node-2:dead node-3:alive"))
        .endsWith("kill node-1 (1 of 2 alive nodes)");
    assertThat(step(monkey, "node-1:dead node-2:dead node-3:alive"))
        .endsWith(
            "skip: node-1, node-2 are down, and at most 2 nodes may be down at a time"
                + " (--max-down 2)");
    assertThat(step(monkey, "node-1:alive node-2:dead node-3:starting"))
        .endsWith("skip: node-1 is the last alive node; killing it would stop the whole cluster");
    assertThat(step(monkey, "node-1:starting")).endsWith("skip: no node is alive");
  }

  @Test
  void theSameSeedAndViewsGiveTheSameChoicesWhateverTheListOrder() {
    List<Node> sorted = view("node-1:alive node-2:alive node-3:alive node-4:alive");
    List<Node> shuffled = view("node-3:alive node-1:alive node-4:alive node-2:alive");
    for (long seed = 0; seed < 50; seed++) {
      ChaosMonkey a = new ChaosMonkey(1, new SplittableRandom(seed));
      ChaosMonkey b = new ChaosMonkey(1, new SplittableRandom(seed));
      for (int round = 0; round < 5; round++) {
        assertThat(a.next(sorted)).as("seed " + seed).isEqualTo(b.next(shuffled));
      }
    }
  }

  @Test
  void neverPicksANodeThatIsNotAlive() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    ChaosMonkey monkey = new ChaosMonkey(1 + random.nextInt(3), random.split());
    State[] states = State.values();
    for (int i = 0; i < 1000; i++) {
      List<Node> nodes = new ArrayList<>();
      for (int n = 1; n <= 1 + random.nextInt(6); n++) {
        nodes.add(new Node("node-" + n, states[random.nextInt(states.length)]));
      }
      if (monkey.next(nodes) instanceof ChaosMonkey.Kill k) {
        assertThat(nodes).as("seed " + seed).contains(new Node(k.id(), State.ALIVE));
        assertThat(nodes.stream().filter(n -> n.state() == State.ALIVE).count())
            .as("seed " + seed + ": never the last alive node")
            .isGreaterThan(1);
      }
    }
  }

  @Test
  void refusesAMaxDownBelowOne() {
    assertThatThrownBy(() -> new ChaosMonkey(0, new SplittableRandom(1)))
        .hasMessage("maxDown must be 1 or more, got 0");
  }
}
