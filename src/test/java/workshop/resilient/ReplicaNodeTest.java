package workshop.resilient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workshop.membership.MembershipMessage;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.RequestId;

/** A capstone replica, one input at a time: its store, its rounds, and the member inside it. */
class ReplicaNodeTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final List<String> THREE = List.of("node-1", "node-2", "node-3");
  static final ReplicaConfig CONFIG = ReplicaConfig.DEFAULTS;

  private static Env at(long seed) {
    return new Env(T0, new SplittableRandom(seed));
  }

  private static ReplicaMessage ask(ReplicaNode n, ReplicaMessage request) {
    var e = n.onRequest(new RequestId("c1", 1), request, at(1));
    return e.replies().get(0).body();
  }

  @Test
  void aDirectWriteWithoutAVersionStoresOneAboveItsOwn() {
    ReplicaNode n = ReplicaNode.withMembers("node-1", THREE, CONFIG);
    assertThat(ask(n, new ReplicaMessage.Write("k", "a", 0)))
        .isEqualTo(new ReplicaMessage.Stored("k", "a", 1));
    assertThat(ask(n, new ReplicaMessage.Write("k", "b", 0)))
        .isEqualTo(new ReplicaMessage.Stored("k", "b", 2));
    assertThat(ask(n, new ReplicaMessage.Write("k", "c", 9)))
        .isEqualTo(new ReplicaMessage.Stored("k", "c", 9));
  }

  @Test
  void aReplicateOlderThanWhatItHoldsIsRejectedWithTheVersionItKeeps() {
    ReplicaNode n = ReplicaNode.withMembers("node-1", THREE, CONFIG);
    assertThat(ask(n, new ReplicaMessage.Replicate("k", "v", 5, "registry")))
        .isEqualTo(new ReplicaMessage.Accepted(5));
    assertThat(ask(n, new ReplicaMessage.Replicate("k", "old", 3, "registry")))
        .isEqualTo(new ReplicaMessage.Rejected(5));
    assertThat(ask(n, new ReplicaMessage.Read("k")))
        .isEqualTo(new ReplicaMessage.Found("k", "v", 5));
    assertThat(ask(n, new ReplicaMessage.Read("nope")))
        .isEqualTo(new ReplicaMessage.Missing("nope"));
  }

  @Test
  void aRoundOffersItsDigestToOnePeerChosenByTheSeedAndSetsTheNext() {
    ReplicaNode n = ReplicaNode.withMembers("node-1", THREE, CONFIG);
    ask(n, new ReplicaMessage.Write("k", "v", 4));
    var e = n.onTimer("anti-entropy", at(7));
    assertThat(e.sends()).hasSize(1);
    assertThat(List.of("node-2", "node-3")).contains(e.sends().get(0).to());
    assertThat(e.sends().get(0).message()).isEqualTo(new ReplicaMessage.Offer(Map.of("k", 4L)));
    assertThat(e.timers())
        .containsExactly(new Effects.TimerChange("anti-entropy", Duration.ofSeconds(3)));
    // The same seed picks the same peer.
    ReplicaNode twin = ReplicaNode.withMembers("node-1", THREE, CONFIG);
    assertThat(twin.onTimer("anti-entropy", at(7)).sends().get(0).to())
        .isEqualTo(e.sends().get(0).to());
  }

  @Test
  void anOfferIsAnsweredWithARepairAndTheRepairWithTheItemsWanted() {
    ReplicaNode one = ReplicaNode.withMembers("node-1", THREE, CONFIG);
    ReplicaNode two = ReplicaNode.withMembers("node-2", THREE, CONFIG);
    ask(one, new ReplicaMessage.Write("a", "from-one", 3));
    ask(two, new ReplicaMessage.Write("b", "from-two", 6));
    var offer = (ReplicaMessage.Offer) one.onTimer("anti-entropy", at(1)).sends().get(0).message();
    var answer = two.onMessage("node-1", offer, at(1));
    var repair = (ReplicaMessage.Repair) answer.sends().get(0).message();
    assertThat(repair)
        .isEqualTo(
            new ReplicaMessage.Repair(
                List.of(new ReplicaMessage.Item("b", "from-two", 6)), List.of("a")));
    var back = one.onMessage("node-2", repair, at(1));
    assertThat(back.events())
        .containsExactly(
            new Effects.Event("anti-entropy: pulled b v6 from node-2", "this replica had no copy"));
    var items = (ReplicaMessage.Items) back.sends().get(0).message();
    assertThat(two.onMessage("node-1", items, at(1)).events()).hasSize(1);
    assertThat(one.digest()).isEqualTo(two.digest()).isEqualTo(Map.of("a", 3L, "b", 6L));
    assertThat(one.repairs()).isEqualTo(1);
  }

  @Test
  void twoReplicasThatAgreeSendNothingBack() {
    ReplicaNode one = ReplicaNode.withMembers("node-1", THREE, CONFIG);
    ReplicaNode two = ReplicaNode.withMembers("node-2", THREE, CONFIG);
    assertThat(two.onMessage("node-1", new ReplicaMessage.Offer(Map.of()), at(1)).isEmpty())
        .isTrue();
    assertThat(one.digest()).isEmpty();
  }

  @Test
  void withARegistryItHeartbeatsAndTakesItsRingFromTheAnswer() {
    ReplicaNode n =
        ReplicaNode.withRegistry(
            "node-1", "http://h:5001", "registry", Duration.ofSeconds(2), CONFIG);
    var start = n.onStart(at(1));
    assertThat(start.sends())
        .containsExactly(
            new Effects.Send<>(
                "registry",
                new ReplicaMessage.Membership(
                    new MembershipMessage.Heartbeat("http://h:5001", 0))));
    assertThat(start.timers())
        .extracting(Effects.TimerChange::name)
        .containsExactly("anti-entropy", "heartbeat");
    // Not a member yet (no answer): a round offers nothing to anyone.
    assertThat(n.onTimer("anti-entropy", at(1)).sends()).isEmpty();
    var peers =
        List.of(
            new MembershipMessage.Peer("node-1", "http://h:5001"),
            new MembershipMessage.Peer("node-2", "http://h:5002"));
    n.onMessage(
        "registry",
        new ReplicaMessage.Membership(new MembershipMessage.HeartbeatAck(peers, peers)),
        at(1));
    assertThat(n.members()).containsExactly("node-1", "node-2");
    assertThat(n.addressOf("node-2")).isEqualTo("http://h:5002");
    assertThat(n.onTimer("anti-entropy", at(1)).sends().get(0).to()).isEqualTo("node-2");
    ask(n, new ReplicaMessage.Write("k", "v", 1));
    var beat = n.onTimer("heartbeat", at(1)).sends().get(0).message();
    assertThat(beat)
        .isEqualTo(
            new ReplicaMessage.Membership(new MembershipMessage.Heartbeat("http://h:5001", 1)));
  }

  @Test
  void aRequestThatIsNotAReplicasIsRefused() {
    ReplicaNode n = ReplicaNode.withMembers("node-1", THREE, CONFIG);
    var e =
        n.onRequest(
            new RequestId("c1", 1),
            new ReplicaMessage.Membership(new MembershipMessage.Leave()),
            at(1));
    assertThat(e.replies().get(0).refusal()).isEqualTo("Leave is not a request a replica takes");
  }
}
