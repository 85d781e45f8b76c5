package workshop.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.RequestId;

/** One node's rounds, replies, requests and suspicion, with literal instants and seeded random. */
class GossipNodeTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final List<String> PEERS = List.of("node-2", "node-3", "node-4");

  private static GossipNode node(GossipMode mode) {
    return new GossipNode(
        1,
        "node-1",
        PeerSet.of(PEERS),
        GossipConfig.DEFAULTS.withMode(mode),
        GossipState.initial(1));
  }

  private static Env at(Instant now, long seed) {
    return new Env(now, new SplittableRandom(seed));
  }

  private static GossipMessage.Updated update(GossipNode n, String value) {
    var e = n.onRequest(new RequestId("c1", 1), new GossipMessage.Update(value), at(T0, 0));
    return (GossipMessage.Updated) e.replies().get(0).body();
  }

  @Test
  void startingSetsTheFirstRoundOneIntervalAhead() {
    var e = node(GossipMode.PUSH).onStart(at(T0, 1));
    assertThat(e.timers()).containsExactly(new Effects.TimerChange("round", Duration.ofSeconds(2)));
    assertThat(e.sends()).isEmpty();
  }

  @Test
  void aPushRoundSendsTheWholeStateToOneRandomNeighbourAndSetsTheNextRound() {
    GossipNode n = node(GossipMode.PUSH);
    update(n, null);
    var e = n.onTimer("round", at(T0, 1));
    assertThat(e.sends()).hasSize(1); // fanout 1, as the original
    assertThat(PEERS).contains(e.sends().get(0).to());
    assertThat(e.sends().get(0).message()).isEqualTo(new GossipMessage.Push(n.state()));
    assertThat(n.state().version(1)).isEqualTo(1);
    assertThat(e.timers()).containsExactly(new Effects.TimerChange("round", Duration.ofSeconds(2)));
  }

  @Test
  void aPullRequestIsAnsweredWithTheMergedStateAndWhatItTaughtIsAnEventWithItsSource() {
    GossipNode n = node(GossipMode.PUSH_PULL);
    GossipState theirs = GossipState.ofVersions(Map.of(2, 4L));
    var e = n.onMessage("node-2", new GossipMessage.PullRequest(theirs), at(T0, 1));
    assertThat(n.state()).hasToString("1:0, 2:4");
    assertThat(e.sends())
        .containsExactly(new Effects.Send<>("node-2", new GossipMessage.PullReply(n.state())));
    assertThat(e.events())
        .containsExactly(new Effects.Event("learns 2:4", "pull request from node-2"));
    assertThat(n.snapshot().learnedAtMillis()).containsEntry(2, T0.toEpochMilli());
  }

  @Test
  void aMessageThatTeachesNothingChangesNothingAndSaysNothing() {
    GossipNode n = node(GossipMode.PUSH);
    var e = n.onMessage("node-2", new GossipMessage.Push(GossipState.initial(1)), at(T0, 1));
    assertThat(e.isEmpty()).isTrue();
  }

  @Test
  void pullModeAsksWithAnEmptyState() {
    var e = node(GossipMode.PULL).onTimer("round", at(T0, 1));
    assertThat(e.sends().get(0).message())
        .isEqualTo(new GossipMessage.PullRequest(GossipState.empty()));
  }

  @Test
  void fanoutPicksDistinctNeighboursAndNeverMoreThanThereAre() {
    GossipNode n =
        new GossipNode(
            1,
            "node-1",
            PeerSet.of(List.of("node-2", "node-3")),
            GossipConfig.DEFAULTS.withFanout(5),
            GossipState.initial(1));
    var to = n.onTimer("round", at(T0, 7)).sends().stream().map(Effects.Send::to).toList();
    assertThat(to).containsExactlyInAnyOrder("node-2", "node-3");
  }

  @Test
  void theSameSeedPicksTheSamePeers() {
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    GossipNode x = node(GossipMode.PUSH);
    GossipNode y = node(GossipMode.PUSH);
    Env ex = at(T0, 42);
    Env ey = at(T0, 42);
    for (int i = 0; i < 20; i++) {
      a.add(x.onTimer("round", ex).sends().get(0).to());
      b.add(y.onTimer("round", ey).sends().get(0).to());
    }
    assertThat(a).isEqualTo(b).contains("node-2", "node-3", "node-4");
  }

  @Test
  void aNeighbourIsSuspectedAfterThreeFailedCallsAndTrustedWhenItIsHeardFromAgain() {
    GossipNode n = node(GossipMode.PUSH);
    GossipMessage push = new GossipMessage.Push(n.state());
    assertThat(n.onUndelivered("node-3", push, "refused", at(T0, 1)).isEmpty()).isTrue();
    assertThat(n.onUndelivered("node-3", push, "refused", at(T0, 1)).isEmpty()).isTrue();
    var suspect = n.onUndelivered("node-3", push, "refused", at(T0, 1));
    assertThat(suspect.events())
        .containsExactly(
            new Effects.Event(
                "suspect node-3",
                "3 consecutive calls failed (last: refused); trying it less often"));
    assertThat(n.suspectedPeers()).containsExactly("node-3");
    var trust = n.onMessage("node-3", new GossipMessage.Push(GossipState.initial(3)), at(T0, 1));
    assertThat(trust.events().get(0))
        .isEqualTo(new Effects.Event("trust node-3", "answered again after 3 failed calls"));
    assertThat(n.suspectedPeers()).isEmpty();
  }

  @Test
  void hearingFromAPeerStartsItsFailureCountAfresh() {
    GossipNode n = node(GossipMode.PUSH);
    GossipMessage push = new GossipMessage.Push(n.state());
    n.onUndelivered("node-3", push, "timeout", at(T0, 1));
    n.onUndelivered("node-3", push, "timeout", at(T0, 1));
    n.onMessage("node-3", new GossipMessage.Push(GossipState.empty()), at(T0, 1));
    n.onUndelivered("node-3", push, "timeout", at(T0, 1));
    assertThat(n.suspectedPeers()).isEmpty(); // 2 failures, word from it, 1 failure: not 3 in a row
  }

  @Test
  void aSuspectedNeighbourIsProbedOnlyEveryFifthRoundAndWithAPullRequest() {
    GossipNode n = node(GossipMode.PUSH);
    for (int i = 0; i < 3; i++) {
      n.onUndelivered("node-3", new GossipMessage.Push(n.state()), "timeout", at(T0, 1));
    }
    Env env = at(T0, 3);
    List<Integer> roundsTo3 = new ArrayList<>();
    for (int round = 1; round <= 20; round++) {
      Effects.Send<GossipMessage> s = n.onTimer("round", env).sends().get(0);
      if (s.to().equals("node-3")) {
        roundsTo3.add(round);
        // Even in push mode: the probe's answer is what tells the node that node-3 is back.
        assertThat(s.message()).isInstanceOf(GossipMessage.PullRequest.class);
      }
    }
    // retryEvery 5: the probes are rounds 5, 10, 15 and 20, and no other round picks node-3.
    assertThat(roundsTo3).containsExactly(5, 10, 15, 20);
  }

  @Test
  void anUpdateBumpsOnlyTheOwnVersionAndRepliesWithIt() {
    GossipNode n = node(GossipMode.PUSH);
    assertThat(update(n, "hello")).isEqualTo(new GossipMessage.Updated(1));
    assertThat(update(n, null)).isEqualTo(new GossipMessage.Updated(2));
    assertThat(n.state()).hasToString("1:2");
  }

  @Test
  void aReadAnswersASnapshotAndAMergeAnswersTheMergedState() {
    GossipNode n = node(GossipMode.PUSH);
    var read = n.onRequest(new RequestId("c1", 1), new GossipMessage.Read(), at(T0, 1));
    var snapshot = (GossipMessage.Snapshot) read.replies().get(0).body();
    assertThat(snapshot.nodeId()).isEqualTo(1);
    assertThat(snapshot.intervalMillis()).isEqualTo(2000);
    assertThat(snapshot.mode()).isEqualTo("push");
    var merge =
        n.onRequest(
            new RequestId("c1", 2),
            new GossipMessage.Merge(GossipState.ofVersions(Map.of(7, 3L))),
            at(T0, 1));
    assertThat(merge.replies().get(0).body())
        .isEqualTo(new GossipMessage.Merged(GossipState.ofVersions(Map.of(1, 0L, 7, 3L))));
    assertThat(merge.events().get(0).why()).isEqualTo("state pushed by client c1#2");
  }

  @Test
  void messagesInTheWrongRoleAreTurnedDownWithAReason() {
    GossipNode n = node(GossipMode.PUSH);
    var asRequest = n.onRequest(new RequestId("c1", 1), new GossipMessage.Updated(3), at(T0, 1));
    assertThat(asRequest.replies().get(0).refusal())
        .isEqualTo("Updated to version 3 is not a request; send Update, Read or Merge");
    var asMessage = n.onMessage("node-2", new GossipMessage.Update("x"), at(T0, 1));
    assertThat(asMessage.events())
        .containsExactly(
            new Effects.Event("ignores Update x", "node-2 sent a client's message as a peer"));
    assertThat(n.state()).hasToString("1:0");
  }

  @Test
  void configsOutsideTheirRangeAreRefusedWithTheRange() {
    assertThatThrownBy(() -> GossipConfig.DEFAULTS.withFanout(0))
        .hasMessage("fanout must be between 1 and 100, got 0");
    assertThatThrownBy(() -> GossipConfig.DEFAULTS.withInterval(Duration.ofMillis(5)))
        .hasMessage("interval must be between 10ms and 10m, got 5 ms");
    assertThatThrownBy(() -> GossipMode.parse("shout"))
        .hasMessage("mode must be push, pull or push-pull, got 'shout'");
    assertThat(GossipMode.parse("Push-Pull")).isEqualTo(GossipMode.PUSH_PULL);
  }
}
