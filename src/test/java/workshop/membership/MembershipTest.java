package workshop.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MembershipTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final Membership m = new Membership(MembershipConfig.DEFAULT);

  @Test
  void aFirstHeartbeatAdmitsAMember() {
    var event = m.heartbeat("node-1", "http://127.0.0.1:5001", T0).orElseThrow();
    assertThat(event.line()).isEqualTo("node-1: new -> alive: first heartbeat");
    assertThat(m.alive()).extracting(Member::id).containsExactly("node-1");
  }

  @Test
  void aRegularHeartbeatChangesNothingVisible() {
    m.heartbeat("node-1", "a", T0);
    assertThat(m.heartbeat("node-1", "a", T0.plusSeconds(2))).isEmpty();
  }

  @Test
  void staysAliveThroughOneMissedHeartbeat() {
    m.heartbeat("node-1", "a", T0);
    // Heartbeats every 2 s, timeout 5 s: missing the one at 2 s still leaves it alive at 4.9 s.
    assertThat(m.sweep(T0.plusMillis(4_900))).isEmpty();
    assertThat(m.sweep(T0.plusSeconds(5))).isEmpty();
  }

  @Test
  void isDeclaredDeadOnceSilentLongerThanTheTimeout() {
    m.heartbeat("node-1", "a", T0);
    var events = m.sweep(T0.plusMillis(5_300));
    assertThat(events).hasSize(1);
    assertThat(events.get(0).line())
        .isEqualTo("node-1: alive -> dead: missed heartbeats: silent for 5.3 s (timeout 5.0 s)");
    assertThat(m.alive()).isEmpty();
    assertThat(m.sweep(T0.plusSeconds(9))).as("declared once, not every sweep").isEmpty();
  }

  @Test
  void comesBackByItselfOnItsNextHeartbeat() {
    // The original's registry restart lost every node for good; here a heartbeat re-admits.
    m.heartbeat("node-2", "a", T0);
    m.sweep(T0.plusSeconds(6));
    var back = m.heartbeat("node-2", "a", T0.plusSeconds(8)).orElseThrow();
    assertThat(back.line())
        .isEqualTo("node-2: dead -> alive: heartbeat again after 8.0 s of silence");
    assertThat(back.becameAlive()).isTrue();
  }

  @Test
  void aStartedMemberThatNeverHeartbeatsIsDeclaredDead() {
    // The original left such a node "starting" forever.
    m.expect("node-4", "http://127.0.0.1:5004", T0);
    assertThat(m.get("node-4").orElseThrow().status()).isEqualTo(MemberStatus.STARTING);
    var events = m.sweep(T0.plusSeconds(6));
    assertThat(events.get(0).reason()).isEqualTo("never sent a heartbeat within 5.0 s of starting");
  }

  @Test
  void aMemberThatLeftIsNotDeclaredDeadAndCanRejoin() {
    m.heartbeat("node-3", "a", T0);
    assertThat(
            m.leave("node-3", T0.plusSeconds(1), "killed through the registry")
                .orElseThrow()
                .line())
        .isEqualTo("node-3: alive -> left: killed through the registry");
    assertThat(m.sweep(T0.plusSeconds(60))).isEmpty();
    assertThat(m.leave("node-3", T0.plusSeconds(61), "again")).isEmpty();
    assertThat(m.heartbeat("node-3", "a", T0.plusSeconds(62)).orElseThrow().reason())
        .isEqualTo("heartbeat after it had left: rejoined");
  }

  @Test
  void aKilledMemberIsDeadAtOnceAndComesBackWithItsNextHeartbeat() {
    m.heartbeat("node-2", "b", T0);
    assertThat(
            m.kill("node-2", T0.plusSeconds(1), "killed through the registry").orElseThrow().line())
        .isEqualTo("node-2: alive -> dead: killed through the registry");
    assertThat(m.kill("node-2", T0.plusSeconds(2), "again")).isEmpty();
    assertThat(m.heartbeat("node-2", "b", T0.plusSeconds(9)).orElseThrow().becameAlive()).isTrue();
  }

  @Test
  void healthFollowsTheOriginalThresholds() {
    assertThat(m.health()).isEqualTo(Membership.Health.CRITICAL);
    m.heartbeat("node-1", "a", T0);
    assertThat(m.health()).isEqualTo(Membership.Health.DEGRADED);
    m.heartbeat("node-2", "b", T0);
    assertThat(m.health()).isEqualTo(Membership.Health.HEALTHY);
  }

  @Test
  void aliveIsSortedById() {
    m.heartbeat("node-3", "c", T0);
    m.heartbeat("node-1", "a", T0);
    m.heartbeat("node-2", "b", T0);
    assertThat(m.alive()).extracting(Member::id).containsExactly("node-1", "node-2", "node-3");
  }

  @Test
  void refusesATimeoutNoLongerThanTheInterval() {
    assertThatThrownBy(() -> new MembershipConfig(Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .hasMessageContaining("must be longer than the heartbeat interval");
    assertThatThrownBy(() -> new MembershipConfig(Duration.ZERO, Duration.ofSeconds(2)))
        .hasMessageContaining("more than 0");
  }

  // ---- who may say where a member is ------------------------------------------------------------

  @Test
  void anAddressFromAHeartbeatWithTheTokenIsMarkedProved() {
    m.heartbeat("node-2", "http://127.0.0.1:5002", 0, true, T0);
    assertThat(m.get("node-2").orElseThrow().provedToken()).isTrue();
    m.heartbeat("node-3", "http://127.0.0.1:5003", 0, false, T0);
    assertThat(m.get("node-3").orElseThrow().provedToken()).isFalse();
  }

  @Test
  void aHeartbeatWithoutTheTokenMayNotMoveAProvedMember() {
    m.heartbeat("node-2", "http://127.0.0.1:5002", 0, true, T0);
    assertThat(m.refusal("node-2", "http://127.0.0.1:1", false))
        .contains(
            "node-2 is at http://127.0.0.1:5002, as heartbeats that proved the cluster's token"
                + " said; one without the token may not move it to http://127.0.0.1:1");
    assertThatThrownBy(() -> m.heartbeat("node-2", "http://127.0.0.1:1", 0, false, T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("a refused heartbeat: node-2 is at");
    assertThat(m.get("node-2").orElseThrow().address()).isEqualTo("http://127.0.0.1:5002");
  }

  @Test
  void aProvedMemberStillTakesTokenlessBeatsWhereItIsAndMovesWithTheToken() {
    m.heartbeat("node-2", "http://127.0.0.1:5002", 0, true, T0);
    assertThat(m.refusal("node-2", "http://127.0.0.1:5002", false)).isEmpty();
    m.heartbeat("node-2", "http://127.0.0.1:5002", 4, false, T0.plusSeconds(2));
    assertThat(m.get("node-2").orElseThrow().provedToken())
        .as("the same address keeps its proof")
        .isTrue();
    m.heartbeat("node-2", "http://127.0.0.1:5012", 4, true, T0.plusSeconds(4));
    assertThat(m.get("node-2").orElseThrow().address()).isEqualTo("http://127.0.0.1:5012");
  }

  @Test
  void aMemberNoTokenVouchedForMovesByNodeIdAloneAsTheOriginals() {
    m.heartbeat("node-3", "http://127.0.0.1:5003", 0, false, T0);
    assertThat(m.refusal("node-3", "http://127.0.0.1:6003", false)).isEmpty();
    m.heartbeat("node-3", "http://127.0.0.1:6003", 0, false, T0.plusSeconds(2));
    assertThat(m.get("node-3").orElseThrow().address()).isEqualTo("http://127.0.0.1:6003");
  }

  @Test
  void theRuleHoldsForADeadOrDepartedProvedMemberToo() {
    m.heartbeat("node-2", "http://127.0.0.1:5002", 0, true, T0);
    m.sweep(T0.plusSeconds(6));
    assertThat(m.refusal("node-2", "http://127.0.0.1:1", false)).isPresent();
    m.leave("node-2", T0.plusSeconds(7), "deregistered");
    assertThat(m.refusal("node-2", "http://127.0.0.1:1", false)).isPresent();
    var back = m.heartbeat("node-2", "http://127.0.0.1:5002", 0, false, T0.plusSeconds(8));
    assertThat(back.orElseThrow().becameAlive()).isTrue();
  }

  @Test
  void aNodeTheRegistryStartsAtItsProvedAddressKeepsTheProof() {
    m.heartbeat("node-4", "http://127.0.0.1:5004", 0, true, T0);
    m.kill("node-4", T0.plusSeconds(1), "killed");
    m.expect("node-4", "http://127.0.0.1:5004", T0.plusSeconds(2));
    assertThat(m.get("node-4").orElseThrow().provedToken()).isTrue();
    m.expect("node-5", "http://127.0.0.1:5005", T0.plusSeconds(2));
    assertThat(m.get("node-5").orElseThrow().provedToken()).isFalse();
  }
}
