package workshop.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One message at a time under the faults in force: deliver, drop or reject, and why. */
class LinkConditionsTest {
  static final List<String> FIVE = List.of("node-1", "node-2", "node-3", "node-4", "node-5");
  final SplittableRandom random = new SplittableRandom(1);

  static LinkConditions with(String... faults) {
    LinkConditions links = new LinkConditions(FIVE);
    for (String f : faults) {
      links.apply(FaultParser.parse(f));
    }
    return links;
  }

  /** Who can reach whom, as a 5x5 grid of '.' (delivered) and 'x' (dropped). */
  static String grid(LinkConditions links) {
    StringBuilder b = new StringBuilder();
    for (String from : FIVE) {
      for (String to : FIVE) {
        if (from.equals(to)) {
          b.append('-');
        } else {
          Verdict v = links.decide(from, to, new SplittableRandom(0));
          b.append(v instanceof Verdict.Deliver ? '.' : 'x');
        }
      }
      b.append('\n');
    }
    return b.toString();
  }

  @Test
  void withNoFaultsEveryMessageArrivesAtOnceAndNoRandomnessIsUsed() {
    LinkConditions links = with();
    SplittableRandom before = new SplittableRandom(1);
    assertThat(links.decide("node-1", "node-2", random))
        .isEqualTo(new Verdict.Deliver(Duration.ZERO, 1));
    assertThat(random.nextLong()).isEqualTo(before.nextLong());
  }

  @Test
  void namedPartitionsCutTheClusterAsTheirNamesSay() {
    // halves: node-1..3 against node-4..5 (the first half is the larger one).
    assertThat(grid(with("partition halves"))).isEqualTo("-..xx\n.-.xx\n..-xx\nxxx-.\nxxx.-\n");
    assertThat(grid(with("partition isolate node-2")))
        .isEqualTo("-x...\nx-xxx\n.x-..\n.x.-.\n.x..-\n");
    // bridge node-3: node-1,2 | node-4,5 cannot talk, node-3 talks to everyone.
    assertThat(grid(with("partition bridge node-3")))
        .isEqualTo("-..xx\n.-.xx\n..-..\nxx.-.\nxx..-\n");
    // ring of 5: each node sees its neighbour on each side, itself included a majority of 3.
    assertThat(grid(with("partition majority-ring")))
        .isEqualTo("-.xx.\n.-.xx\nx.-.x\nxx.-.\n.xx.-\n");
  }

  @Test
  void explicitGroupsLeaveUnlistedNodesConnectedToAll() {
    assertThat(grid(with("partition node-1,node-2 | node-3")))
        .isEqualTo("-.x..\n.-x..\nxx-..\n...-.\n....-\n");
  }

  @Test
  void aNewPartitionReplacesTheOldAndHealRemovesEverything() {
    LinkConditions links = with("partition isolate node-1", "partition isolate node-2");
    assertThat(links.decide("node-1", "node-3", random)).isInstanceOf(Verdict.Deliver.class);
    assertThat(links.decide("node-2", "node-3", random))
        .isEqualTo(new Verdict.Drop("cut off by partition isolate node-2"));
    links.apply(FaultParser.parse("block node-3->node-4"));
    links.apply(FaultParser.parse("loss all 100%"));
    assertThat(links.inForce()).hasSize(3);
    links.apply(new Fault.Heal());
    assertThat(links.inForce()).isEmpty();
    assertThat(grid(links)).doesNotContain("x");
  }

  @Test
  void aBlockIsOneWay() {
    LinkConditions links = with("block node-1->node-2");
    assertThat(links.decide("node-1", "node-2", random))
        .isEqualTo(new Verdict.Drop("blocked by block node-1->node-2"));
    assertThat(links.decide("node-2", "node-1", random)).isInstanceOf(Verdict.Deliver.class);
  }

  @Test
  void aDelayAppliesToEachDirectionThroughTheNodeSoARoundTripPaysItTwice() {
    LinkConditions links = with("delay node-2 100ms");
    long there = delay(links.decide("node-1", "node-2", random));
    long back = delay(links.decide("node-2", "node-1", random));
    assertThat(there + back).isEqualTo(200);
    assertThat(delay(links.decide("node-1", "node-3", random))).isZero();
  }

  @Test
  void delaysOnSeveralTargetsAddUpAndJitterStaysWithinItsBounds() {
    LinkConditions links = with("delay all 10ms", "delay node-1->node-2 100ms jitter 20ms");
    for (int i = 0; i < 1000; i++) {
      assertThat(delay(links.decide("node-1", "node-2", random))).isBetween(90L, 130L);
    }
    assertThat(delay(links.decide("node-2", "node-1", random))).isEqualTo(10);
  }

  @Test
  void aDelayOfZeroRemovesTheDelayOnThatTarget() {
    LinkConditions links = with("delay node-2 100ms", "delay node-2 0ms");
    assertThat(links.inForce()).isEmpty();
  }

  @Test
  void lossDuplicationAndReorderingHappenAtTheirRates() {
    // 10,000 messages: the binomial spread of a 5% rate is about 22, so +-150 is far outside
    // chance.
    LinkConditions links = with("loss all 5%", "duplicate all 10%");
    int lost = 0;
    int doubled = 0;
    for (int i = 0; i < 10_000; i++) {
      switch (links.decide("node-1", "node-2", random)) {
        case Verdict.Drop d -> lost++;
        case Verdict.Deliver d when d.copies() == 2 -> doubled++;
        default -> {}
      }
    }
    assertThat(lost).isBetween(350, 650);
    assertThat(doubled).isBetween(800, 1100); // 10% of the 9,500 delivered
    LinkConditions reorder = with("reorder all 100%");
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      delays.add(delay(reorder.decide("node-1", "node-2", random)));
    }
    assertThat(delays)
        .allMatch(d -> d >= 0 && d <= 50)
        .isNotEqualTo(delays.stream().sorted().toList());
  }

  @Test
  void crashedNodesRejectAtOnceAndPausedNodesLetTheCallerTimeOut() {
    LinkConditions links = with("crash node-2", "pause node-3");
    assertThat(links.decide("node-1", "node-2", random))
        .isEqualTo(new Verdict.Reject("node-2 is down: nothing listens there"));
    assertThat(links.decide("node-1", "node-3", random)).isInstanceOf(Verdict.Drop.class);
    links.apply(FaultParser.parse("restart node-2"));
    links.apply(FaultParser.parse("resume node-3"));
    assertThat(grid(links)).doesNotContain("x");
  }

  @Test
  void faultsNamingNodesOutsideTheClusterAreRefused() {
    LinkConditions links = with();
    assertThatThrownBy(() -> links.apply(FaultParser.parse("crash node-9")))
        .hasMessage(
            "node-9 is not in the cluster; its nodes are node-1, node-2, node-3, node-4, node-5");
    assertThatThrownBy(() -> links.apply(FaultParser.parse("loss node-1->node-7 5%")))
        .hasMessageStartingWith("node-7 is not in the cluster");
    assertThatThrownBy(
            () ->
                new LinkConditions(List.of("a", "b"))
                    .apply(FaultParser.parse("partition bridge a")))
        .hasMessage("partition bridge a needs a cluster of 3 or more nodes");
  }

  @Test
  void appliedNamedPartitionsSayWhichNodesEndUpWhere() {
    assertThat(with().apply(FaultParser.parse("partition halves")))
        .isEqualTo("partition halves: node-1,node-2,node-3 | node-4,node-5");
    assertThat(with().apply(FaultParser.parse("partition bridge node-3")))
        .isEqualTo("partition bridge node-3: node-1,node-2 | node-4,node-5; node-3 sees both");
  }

  private static long delay(Verdict v) {
    return ((Verdict.Deliver) v).delay().toMillis();
  }
}
