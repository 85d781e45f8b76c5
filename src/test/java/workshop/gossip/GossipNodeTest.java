package workshop.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One node's rounds, replies and suspicion, with literal instants and a seeded random source. */
class GossipNodeTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static GossipNode node(GossipMode mode) {
    return new GossipNode(
        1, PeerSet.of(2, 3, 4), GossipConfig.DEFAULTS.withMode(mode), GossipState.initial(1));
  }

  @Test
  void aPushRoundSendsTheWholeStateToOneRandomNeighbour() {
    GossipNode n = node(GossipMode.PUSH);
    n.update(null, T0);
    List<GossipMessage> out = n.tick(T0, new SplittableRandom(1));
    assertThat(out).hasSize(1); // fanout 1, as the original
    assertThat(out.get(0)).isInstanceOf(GossipMessage.Push.class);
    assertThat(out.get(0).state().version(1)).isEqualTo(1);
    assertThat(List.of(2, 3, 4)).contains(out.get(0).to());
  }

  @Test
  void aPullRequestIsAnsweredWithTheMergedState() {
    GossipNode n = node(GossipMode.PUSH_PULL);
    List<GossipMessage> reply =
        n.receive(
            new GossipMessage.PullRequest(
                2,
                1,
                GossipState.initial(2).merge(GossipState.ofVersions(java.util.Map.of(2, 4L)))),
            T0);
    assertThat(reply).containsExactly(new GossipMessage.PullReply(1, 2, n.state()));
    assertThat(n.state()).hasToString("1:0, 2:4");
    assertThat(n.learnedAt(2)).isEqualTo(T0);
  }

  @Test
  void pullModeAsksWithAnEmptyState() {
    GossipNode n = node(GossipMode.PULL);
    GossipMessage m = n.tick(T0, new SplittableRandom(1)).get(0);
    assertThat(m).isInstanceOf(GossipMessage.PullRequest.class);
    assertThat(m.state().size()).isZero();
  }

  @Test
  void fanoutPicksDistinctNeighboursAndNeverMoreThanThereAre() {
    GossipNode n =
        new GossipNode(
            1, PeerSet.of(2, 3), GossipConfig.DEFAULTS.withFanout(5), GossipState.initial(1));
    List<Integer> to = n.tick(T0, new SplittableRandom(7)).stream().map(GossipMessage::to).toList();
    assertThat(to).containsExactlyInAnyOrder(2, 3);
  }

  @Test
  void sameSeedSamePeers() {
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    GossipNode x = node(GossipMode.PUSH);
    GossipNode y = node(GossipMode.PUSH);
    SplittableRandom rx = new SplittableRandom(42);
    SplittableRandom ry = new SplittableRandom(42);
    for (int i = 0; i < 20; i++) {
      a.add(x.tick(T0, rx).get(0).to());
      b.add(y.tick(T0, ry).get(0).to());
    }
    assertThat(a).isEqualTo(b);
  }

  @Test
  void aNeighbourIsSuspectedAfterThreeFailedCallsAndTrustedAgainWhenItAnswers() {
    GossipNode n = node(GossipMode.PUSH);
    assertThat(n.onFailed(3, "refused", T0)).isEmpty();
    assertThat(n.onFailed(3, "refused", T0.plusSeconds(2))).isEmpty();
    Optional<PeerChange> suspect = n.onFailed(3, "refused", T0.plusSeconds(4));
    assertThat(suspect.orElseThrow().describe("127.0.0.1:7003"))
        .isEqualTo(
            "suspect 127.0.0.1:7003: 3 consecutive calls failed (last: refused); trying it less often");
    assertThat(n.suspectedPeers()).containsExactly(3);
    Optional<PeerChange> trust = n.onDelivered(3, T0.plusSeconds(20));
    assertThat(trust.orElseThrow().describe("127.0.0.1:7003"))
        .isEqualTo("trust 127.0.0.1:7003: answered again after 3 failed calls");
    assertThat(n.suspectedPeers()).isEmpty();
  }

  @Test
  void aSuspectedNeighbourIsTriedOnlyOnEveryFifthRound() {
    GossipNode n = node(GossipMode.PUSH);
    for (int i = 0; i < 3; i++) {
      n.onFailed(3, "timeout", T0);
    }
    SplittableRandom r = new SplittableRandom(3);
    List<Integer> roundsTo3 = new ArrayList<>();
    for (int round = 1; round <= 20; round++) {
      if (n.tick(T0.plusSeconds(2L * round), r).get(0).to() == 3) {
        roundsTo3.add(round);
      }
    }
    // retryEvery 5: the probes are rounds 5, 10, 15 and 20, and no other round picks node 3.
    assertThat(roundsTo3).containsExactly(5, 10, 15, 20);
  }

  @Test
  void anUpdateBumpsOnlyTheOwnVersion() {
    GossipNode n = node(GossipMode.PUSH);
    assertThat(n.update("hello", T0)).isEqualTo(1);
    assertThat(n.update(null, T0)).isEqualTo(2);
    assertThat(n.state()).hasToString("1:2");
  }

  @Test
  void configsOutsideTheirRangeAreRefusedWithTheRange() {
    assertThatThrownBy(() -> GossipConfig.DEFAULTS.withFanout(0))
        .hasMessage("fanout must be between 1 and 100, got 0");
    assertThatThrownBy(() -> GossipMode.parse("shout"))
        .hasMessage("mode must be push, pull or push-pull, got 'shout'");
    assertThat(GossipMode.parse("Push-Pull")).isEqualTo(GossipMode.PUSH_PULL);
  }
}
