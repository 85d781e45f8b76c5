package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import workshop.membership.Member;
import workshop.membership.MemberStatus;

/** When the registry hands a member its keys before it becomes a replica. */
class RegistryStateTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Member node4(MemberStatus status, int keys) {
    return new Member("node-4", "http://127.0.0.1:5004", status, T0, "why", keys, false);
  }

  private static final Member ALIVE_EMPTY = node4(MemberStatus.ALIVE, 0);

  @Test
  void aNewEmptyMemberIsHandedItsKeysOnceTheClusterHoldsData() {
    assertThat(RegistryState.handOffNeeded(null, ALIVE_EMPTY, false, true, true)).isTrue();
    assertThat(
            RegistryState.handOffNeeded(
                node4(MemberStatus.STARTING, 0), ALIVE_EMPTY, true, true, true))
        .isTrue();
    // Nothing to hand over yet, or nobody to hand it over from.
    assertThat(RegistryState.handOffNeeded(null, ALIVE_EMPTY, false, true, false)).isFalse();
    assertThat(RegistryState.handOffNeeded(null, ALIVE_EMPTY, false, false, true)).isFalse();
  }

  @Test
  void aScaledUpNodeDeclaredDeadWhileItStartedIsStillANewcomer() {
    // On a busy laptop its JVM took longer than the 5 s timeout to send its first heartbeat.
    Member deadWhileStarting = node4(MemberStatus.DEAD, 0);
    assertThat(RegistryState.handOffNeeded(deadWhileStarting, ALIVE_EMPTY, true, true, true))
        .isTrue();
  }

  @Test
  void aMemberThatComesBackOrHoldsDataRejoinsAtOnce() {
    // A restarted replica: anti-entropy and its own catching up repair what it missed.
    assertThat(
            RegistryState.handOffNeeded(
                node4(MemberStatus.DEAD, 0), ALIVE_EMPTY, false, true, true))
        .isFalse();
    // A node that holds keys already, say after a registry restart.
    assertThat(RegistryState.handOffNeeded(null, node4(MemberStatus.ALIVE, 3), false, true, true))
        .isFalse();
  }
}
