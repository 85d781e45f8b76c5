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

  /** A replica of the three that has started and heard back from both peers: it serves reads. */
  private static ReplicaNode serving(String name) {
    ReplicaNode n = ReplicaNode.withMembers(name, THREE, CONFIG);
    n.onStart(at(1));
    for (String peer : THREE) {
      if (!peer.equals(name)) {
        n.onMessage(peer, new ReplicaMessage.Repair(List.of(), List.of()), at(1));
      }
    }
    return n;
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
    ReplicaNode n = serving("node-1");
    assertThat(ask(n, new ReplicaMessage.Replicate("k", "v", 5, "registry")))
        .isEqualTo(new ReplicaMessage.Accepted(5));
    assertThat(ask(n, new ReplicaMessage.Replicate("k", "old", 3, "registry")))
        .isEqualTo(new ReplicaMessage.Rejected(3, 5, "v"));
    assertThat(ask(n, new ReplicaMessage.Read("k")))
        .isEqualTo(new ReplicaMessage.Found("k", "v", 5));
    assertThat(ask(n, new ReplicaMessage.Read("nope")))
        .isEqualTo(new ReplicaMessage.Missing("nope"));
  }

  @Test
  void aReplicaThatStartsEmptyAnswersReadsOnlyOnceEveryPeerHasAnsweredItsOffer() {
    ReplicaNode n = ReplicaNode.withMembers("node-1", THREE, CONFIG);
    var start = n.onStart(at(1));
    // Its empty digest goes to both peers, marked so that each answers even with nothing to give.
    assertThat(start.sends())
        .containsExactly(
            new Effects.Send<>("node-2", new ReplicaMessage.Offer(Map.of(), true)),
            new Effects.Send<>("node-3", new ReplicaMessage.Offer(Map.of(), true)));
    assertThat(start.events())
        .containsExactly(
            new Effects.Event(
                "catching up",
                "started with nothing (replicas persist nothing): asks node-2, node-3 for its keys"
                    + " before it answers reads"));
    // A write is taken at once; a read is neither found nor missing yet.
    ask(n, new ReplicaMessage.Replicate("a", "new", 9, "registry"));
    assertThat(ask(n, new ReplicaMessage.Read("k")))
        .isEqualTo(new ReplicaMessage.CatchingUp("k", List.of("node-2", "node-3")));
    var fromTwo =
        n.onMessage(
            "node-2",
            new ReplicaMessage.Repair(List.of(new ReplicaMessage.Item("k", "v", 4)), List.of()),
            at(1));
    assertThat(fromTwo.events())
        .extracting(Effects.Event::what)
        .containsExactly("anti-entropy: pulled k v4 from node-2");
    assertThat(ask(n, new ReplicaMessage.Read("k")))
        .isEqualTo(new ReplicaMessage.CatchingUp("k", List.of("node-3")));
    var fromThree = n.onMessage("node-3", new ReplicaMessage.Repair(List.of(), List.of()), at(1));
    assertThat(fromThree.events())
        .containsExactly(
            new Effects.Event("caught up: serves reads", "copied 1 key from node-2, node-3"));
    assertThat(ask(n, new ReplicaMessage.Read("k")))
        .isEqualTo(new ReplicaMessage.Found("k", "v", 4));
    assertThat(n.caughtUp()).isTrue();
  }

  @Test
  void aPeerThatCannotBeReachedDoesNotKeepItCatchingUp() {
    ReplicaNode n = ReplicaNode.withMembers("node-1", THREE, CONFIG);
    n.onStart(at(1));
    n.onMessage("node-2", new ReplicaMessage.Repair(List.of(), List.of()), at(1));
    var refused =
        n.onUndelivered("node-3", new ReplicaMessage.Offer(Map.of(), true), "refused", at(1));
    assertThat(refused.events())
        .containsExactly(
            new Effects.Event(
                "caught up: serves reads",
                "copied 0 keys from node-2; node-3 did not answer (down or cut off)"));
    assertThat(ask(n, new ReplicaMessage.Read("k"))).isEqualTo(new ReplicaMessage.Missing("k"));
  }

  @Test
  void anOfferFromAReplicaCatchingUpIsAnsweredEvenWithNothingToGive() {
    ReplicaNode two = serving("node-2");
    var e = two.onMessage("node-1", new ReplicaMessage.Offer(Map.of(), true), at(1));
    assertThat(e.sends())
        .containsExactly(
            new Effects.Send<>("node-1", new ReplicaMessage.Repair(List.of(), List.of())));
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
  void twoReplicasThatAgreeSendNothingBackInARound() {
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
    // The registry answered: now it knows its peers, and catches up from them.
    assertThat(n.caughtUp()).isFalse();
    n.onMessage("node-2", new ReplicaMessage.Repair(List.of(), List.of()), at(1));
    assertThat(n.caughtUp()).isTrue();
    assertThat(n.onTimer("anti-entropy", at(1)).sends().get(0).to()).isEqualTo("node-2");
    ask(n, new ReplicaMessage.Write("k", "v", 1));
    var beat = n.onTimer("heartbeat", at(1)).sends().get(0).message();
    assertThat(beat)
        .isEqualTo(
            new ReplicaMessage.Membership(new MembershipMessage.Heartbeat("http://h:5001", 1)));
  }

  @Test
  void aNewcomerServesOnceItsPeersAnsweredAndOffersEveryPeerItsDigestWhenItJoinsTheRing() {
    ReplicaNode n =
        ReplicaNode.withRegistry(
            "node-4", "http://h:5004", "registry", Duration.ofSeconds(2), CONFIG);
    n.onStart(at(1));
    var two = new MembershipMessage.Peer("node-2", "http://h:5002");
    var three = new MembershipMessage.Peer("node-3", "http://h:5003");
    var four = new MembershipMessage.Peer("node-4", "http://h:5004");
    // Joining: alive, but not on the ring yet (the registry hands it its keys first).
    var joining =
        n.onMessage(
            "registry",
            new ReplicaMessage.Membership(
                new MembershipMessage.HeartbeatAck(List.of(two, three, four), List.of(two, three))),
            at(1));
    assertThat(joining.sends()).extracting(Effects.Send::to).containsExactly("node-2", "node-3");
    n.onMessage("node-2", new ReplicaMessage.Repair(List.of(), List.of()), at(1));
    n.onMessage("node-3", new ReplicaMessage.Repair(List.of(), List.of()), at(1));
    assertThat(n.caughtUp()).isTrue();
    ask(n, new ReplicaMessage.Replicate("k", "handed", 5, "registry"));
    // On the ring now: it offers both peers its digest at once, and keeps serving reads.
    var joined =
        n.onMessage(
            "registry",
            new ReplicaMessage.Membership(
                new MembershipMessage.HeartbeatAck(
                    List.of(two, three, four), List.of(two, three, four))),
            at(1));
    assertThat(joined.sends())
        .filteredOn(send -> send.message() instanceof ReplicaMessage.Offer)
        .containsExactly(
            new Effects.Send<>("node-2", new ReplicaMessage.Offer(Map.of("k", 5L))),
            new Effects.Send<>("node-3", new ReplicaMessage.Offer(Map.of("k", 5L))));
    assertThat(ask(n, new ReplicaMessage.Read("k")))
        .isEqualTo(new ReplicaMessage.Found("k", "handed", 5));
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
