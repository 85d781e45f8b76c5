package workshop.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.RequestId;

/** A member's side of membership, one input at a time. */
class MemberNodeTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final Env NOW = new Env(T0, new SplittableRandom(1));
  static final MembershipMessage.Peer ONE = new MembershipMessage.Peer("node-1", "http://h:5001");
  static final MembershipMessage.Peer TWO = new MembershipMessage.Peer("node-2", "http://h:5002");

  int keys = 7;
  final MemberNode member =
      new MemberNode("node-1", "registry", "http://h:5001", Duration.ofSeconds(2), () -> keys);

  private Effects<MembershipMessage> ack(List<MembershipMessage.Peer> alive) {
    return member.onMessage("registry", new MembershipMessage.HeartbeatAck(alive, alive), NOW);
  }

  private Effects<MembershipMessage> failed(String reason) {
    return member.onUndelivered(
        "registry", new MembershipMessage.Heartbeat("http://h:5001", 7), reason, NOW);
  }

  @Test
  void itHeartbeatsAsItStartsAndEveryIntervalSayingWhereAndHowMuchItHolds() {
    var e = member.onStart(NOW);
    assertThat(e.sends())
        .containsExactly(
            new Effects.Send<>("registry", new MembershipMessage.Heartbeat("http://h:5001", 7)));
    assertThat(e.timers())
        .containsExactly(new Effects.TimerChange("heartbeat", Duration.ofSeconds(2)));
    keys = 9;
    assertThat(member.onTimer("heartbeat", NOW).sends().get(0).message())
        .isEqualTo(new MembershipMessage.Heartbeat("http://h:5001", 9));
  }

  @Test
  void theFirstAnswerIsNewsAndTheViewFollowsEachAnswerSilently() {
    assertThat(ack(List.of(ONE)).events())
        .containsExactly(
            new Effects.Event(
                "registered with registry", "it answered the first heartbeat; 1 alive"));
    assertThat(ack(List.of(ONE, TWO)).events()).isEmpty();
    assertThat(member.alive()).containsExactly(ONE, TWO);
    assertThat(member.addressOf("node-2")).isEqualTo("http://h:5002");
    assertThat(member.registered()).isTrue();
  }

  @Test
  void aRegistryThatStopsAnsweringIsSaidOnceAndCountedUntilItAnswersAgain() {
    ack(List.of(ONE));
    assertThat(failed("refused").events())
        .containsExactly(
            new Effects.Event("heartbeat failed (refused)", "retrying every beat, quietly"));
    assertThat(failed("refused").events()).isEmpty();
    assertThat(failed("timeout").events())
        .as("a new reason is said")
        .containsExactly(
            new Effects.Event("heartbeat failed (timeout)", "retrying every beat, quietly"));
    assertThat(failed("timeout").events()).isEmpty();
    assertThat(member.registered()).isFalse();
    // It keeps beating: the timer is never cancelled by a failure.
    assertThat(member.onTimer("heartbeat", NOW).sends()).hasSize(1);
    assertThat(ack(List.of(ONE)).events())
        .containsExactly(
            new Effects.Event(
                "registered with registry", "it answers again after 4 failed heartbeats"));
  }

  @Test
  void leavingStopsTheBeatsSaysGoodbyeAndAnswersOnceTheRegistryHasAnswered() {
    RequestId leave = new RequestId("c1", 1);
    var e = member.onRequest(leave, new MembershipMessage.Leave(), NOW);
    assertThat(e.timers()).containsExactly(new Effects.TimerChange("heartbeat", null));
    assertThat(e.sends())
        .containsExactly(new Effects.Send<>("registry", new MembershipMessage.Deregister()));
    assertThat(e.replies()).isEmpty();
    var answered = member.onMessage("registry", new MembershipMessage.Deregistered(true), NOW);
    assertThat(answered.replies().get(0).body()).isEqualTo(new MembershipMessage.Done("left"));
    assertThat(member.onTimer("heartbeat", NOW).isEmpty()).as("a late timer").isTrue();
  }

  @Test
  void aGoodbyeThatCannotBeDeliveredStillLeavesAndSaysWhy() {
    RequestId leave = new RequestId("c1", 1);
    member.onRequest(leave, new MembershipMessage.Leave(), NOW);
    var e = member.onUndelivered("registry", new MembershipMessage.Deregister(), "timeout", NOW);
    assertThat(e.replies().get(0).body())
        .isEqualTo(
            new MembershipMessage.Done(
                "could not deregister (timeout); the registry will notice the silence"));
    assertThat(member.left()).isTrue();
  }

  @Test
  void anAnswerFromSomeoneElseIsIgnoredWithAReason() {
    var e =
        member.onMessage(
            "node-2", new MembershipMessage.HeartbeatAck(List.of(TWO), List.of(TWO)), NOW);
    assertThat(e.events().get(0).why()).isEqualTo("not expected from node-2 now");
    assertThat(member.alive()).isEmpty();
  }

  @Test
  void aRefusedHeartbeatIsAFailedOneAndTheAddressesTheRegistryVouchesForAreKept() {
    var refused =
        member.onMessage(
            "registry", new MembershipMessage.HeartbeatRefused("node-1 is at http://h:5001"), NOW);
    assertThat(refused.events())
        .containsExactly(
            new Effects.Event(
                "heartbeat failed (refused: node-1 is at http://h:5001)",
                "retrying every beat, quietly"));
    assertThat(member.registered()).isFalse();

    var proved = new MembershipMessage.Peer("node-2", "http://h:5002", true);
    ack(List.of(ONE, proved));
    assertThat(member.provedAddresses()).containsExactly("http://h:5002");
  }
}
