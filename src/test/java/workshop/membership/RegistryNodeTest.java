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

/** The registry's side of membership, one input at a time, with literal instants. */
class RegistryNodeTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  final RegistryNode registry = new RegistryNode("registry", MembershipConfig.DEFAULT);

  private static Env at(Instant now) {
    return new Env(now, new SplittableRandom(1));
  }

  private Effects<MembershipMessage> beat(String from, String address, Instant now) {
    return registry.onMessage(from, new MembershipMessage.Heartbeat(address, 0), at(now));
  }

  private Effects<MembershipMessage> ask(MembershipMessage request, Instant now) {
    return registry.onRequest(new RequestId("c1", 1), request, at(now));
  }

  @Test
  void startingSetsTheFirstSweepOneSecondAhead() {
    assertThat(registry.onStart(at(T0)).timers())
        .containsExactly(new Effects.TimerChange("sweep", Duration.ofSeconds(1)));
  }

  @Test
  void aFirstHeartbeatAdmitsItsSenderSaysWhereItIsAndAnswersWithWhoIsAlive() {
    beat("node-1", "http://h:5001", T0);
    var e = beat("node-2", "http://h:5002", T0.plusMillis(10));
    assertThat(e.events())
        .containsExactly(
            new Effects.Event("node-2: new -> alive", "first heartbeat from http://h:5002"));
    var peers =
        List.of(
            new MembershipMessage.Peer("node-1", "http://h:5001"),
            new MembershipMessage.Peer("node-2", "http://h:5002"));
    assertThat(e.sends())
        .containsExactly(
            new Effects.Send<>("node-2", new MembershipMessage.HeartbeatAck(peers, peers)));
  }

  @Test
  void aRoutineHeartbeatIsAnsweredButIsNotNews() {
    beat("node-1", "http://h:5001", T0);
    var e = beat("node-1", "http://h:5001", T0.plusSeconds(2));
    assertThat(e.events()).isEmpty();
    assertThat(e.sends()).hasSize(1);
  }

  @Test
  void theSweepTimerDeclaresASilentMemberDeadWithItsReasonAndComesAgain() {
    beat("node-1", "http://h:5001", T0);
    beat("node-2", "http://h:5002", T0);
    beat("node-2", "http://h:5002", T0.plusSeconds(4));
    // node-1 silent 5.5 s > 5 s; node-2 for 1.5 s.
    var e = registry.onTimer("sweep", at(T0.plusMillis(5_500)));
    assertThat(e.events())
        .containsExactly(
            new Effects.Event(
                "node-1: alive -> dead", "missed heartbeats: silent for 5.5 s (timeout 5.0 s)"));
    assertThat(e.timers()).containsExactly(new Effects.TimerChange("sweep", Duration.ofSeconds(1)));
    assertThat(registry.lastSweep()).isEqualTo(T0.plusMillis(5_500));
  }

  @Test
  void aDeadMembersAnswerListsItAsAMemberButNotAlive() {
    beat("node-1", "http://h:5001", T0);
    beat("node-2", "http://h:5002", T0.plusSeconds(5));
    registry.onTimer("sweep", at(T0.plusSeconds(6)));
    var ack =
        (MembershipMessage.HeartbeatAck)
            beat("node-2", "http://h:5002", T0.plusSeconds(6)).sends().get(0).message();
    assertThat(ack.alive()).extracting(MembershipMessage.Peer::id).containsExactly("node-2");
    assertThat(ack.members())
        .extracting(MembershipMessage.Peer::id)
        .containsExactly("node-1", "node-2");
  }

  @Test
  void aHeartbeatFromANewAddressSaysWhere() {
    beat("node-1", "http://h:5001", T0);
    registry.onTimer("sweep", at(T0.plusSeconds(6)));
    var e = beat("node-1", "http://h:5009", T0.plusSeconds(7));
    assertThat(e.events())
        .containsExactly(
            new Effects.Event(
                "node-1: dead -> alive",
                "heartbeat again after 7.0 s of silence from http://h:5009"));
  }

  @Test
  void aGoodbyeMarksItsSenderLeftAndSaysWhetherItWasKnown() {
    beat("node-1", "http://h:5001", T0);
    var left = registry.onMessage("node-1", new MembershipMessage.Deregister(), at(T0));
    assertThat(left.events())
        .containsExactly(
            new Effects.Event("node-1: alive -> left", "deregistered itself (clean shutdown)"));
    assertThat(left.sends())
        .containsExactly(new Effects.Send<>("node-1", new MembershipMessage.Deregistered(true)));
    var ghost = registry.onMessage("ghost", new MembershipMessage.Deregister(), at(T0));
    assertThat(ghost.events()).isEmpty();
    assertThat(ghost.sends())
        .containsExactly(new Effects.Send<>("ghost", new MembershipMessage.Deregistered(false)));
    // A member that left is never swept.
    assertThat(registry.onTimer("sweep", at(T0.plusSeconds(60))).events()).isEmpty();
  }

  @Test
  void aKillDeclaresDeadAtOnceAndAnUnknownIdIsRefusedWithAReason() {
    beat("node-1", "http://h:5001", T0);
    var killed = ask(new MembershipMessage.Kill("node-1", "killed through the registry"), T0);
    assertThat(killed.events())
        .containsExactly(new Effects.Event("node-1: alive -> dead", "killed through the registry"));
    assertThat(killed.replies().get(0).body()).isEqualTo(new MembershipMessage.Done("dead"));
    var again = ask(new MembershipMessage.Kill("node-1", "again"), T0);
    assertThat(again.replies().get(0).body())
        .isEqualTo(new MembershipMessage.Done("was dead already"));
    var unknown = ask(new MembershipMessage.Kill("node-9", "x"), T0);
    assertThat(unknown.replies().get(0).refusal()).isEqualTo("Node 'node-9' not found");
  }

  @Test
  void anExpectedNodeIsStartingUntilItsFirstHeartbeatOrTheTimeout() {
    var e =
        ask(new MembershipMessage.Expect("node-4", "http://h:5004", "scale-up on port 5004"), T0);
    assertThat(e.events())
        .containsExactly(
            new Effects.Event(
                "node-4: new -> starting",
                "started; waiting for its first heartbeat (scale-up on port 5004)"));
    var late = registry.onTimer("sweep", at(T0.plusSeconds(6)));
    assertThat(late.events())
        .containsExactly(
            new Effects.Event(
                "node-4: starting -> dead", "never sent a heartbeat within 5.0 s of starting"));
  }

  @Test
  void aSweepRequestAnswersHowManyItDeclaredDead() {
    beat("node-1", "http://h:5001", T0);
    var e = ask(new MembershipMessage.Sweep(), T0.plusSeconds(6));
    assertThat(e.replies().get(0).body()).isEqualTo(new MembershipMessage.Done("1 declared dead"));
  }

  @Test
  void whatOnlyARegistrySendsIsIgnoredWithAReason() {
    var e =
        registry.onMessage(
            "node-1", new MembershipMessage.HeartbeatAck(List.of(), List.of()), at(T0));
    assertThat(e.events().get(0).why()).isEqualTo("node-1 sent what only a registry sends");
    assertThat(ask(new MembershipMessage.Leave(), T0).replies().get(0).refusal())
        .isEqualTo("Leave is not a request; send Kill, Expect or Sweep");
  }

  @Test
  void aTokenlessHeartbeatThatWouldMoveAProvedMemberIsRefusedWithTheReason() {
    registry.onMessage("node-2", new MembershipMessage.Heartbeat("http://h:5002", 0, true), at(T0));
    var e = beat("node-2", "http://evil:1", T0.plusSeconds(1));
    String why =
        "node-2 is at http://h:5002, as heartbeats that proved the cluster's token said; one"
            + " without the token may not move it to http://evil:1";
    assertThat(e.events()).containsExactly(new Effects.Event("node-2: heartbeat refused", why));
    assertThat(e.sends())
        .containsExactly(new Effects.Send<>("node-2", new MembershipMessage.HeartbeatRefused(why)));
    assertThat(registry.members().get(0).address()).isEqualTo("http://h:5002");
  }

  @Test
  void theAnswerSaysWhichAddressesTheTokenVouchedFor() {
    registry.onMessage("node-1", new MembershipMessage.Heartbeat("http://h:5001", 0, true), at(T0));
    var e = beat("node-2", "http://h:5002", T0.plusMillis(10));
    var peers =
        List.of(
            new MembershipMessage.Peer("node-1", "http://h:5001", true),
            new MembershipMessage.Peer("node-2", "http://h:5002", false));
    assertThat(e.sends())
        .containsExactly(
            new Effects.Send<>("node-2", new MembershipMessage.HeartbeatAck(peers, peers)));
  }

  @Test
  void aMemberThatMovesIsSaidToHaveMoved() {
    beat("node-3", "http://h:5003", T0);
    var e = beat("node-3", "http://h:6003", T0.plusSeconds(1));
    assertThat(e.events())
        .containsExactly(
            new Effects.Event(
                "node-3: moved",
                "its heartbeat says it is at http://h:6003 now, not http://h:5003"));
  }
}
