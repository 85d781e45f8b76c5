package workshop.resilient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import workshop.membership.Member;
import workshop.membership.MemberStatus;

/** Which dead nodes a registry may start again, and why it declines the others. */
class RestartPolicyTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** The registry's defaults on port 5000: nodes from 5001 to 5099. */
  private final RestartPolicy policy = new RestartPolicy(new RestartPolicy.PortRange(5001, 5099));

  private static Member dead(String id, String address) {
    return new Member(id, address, MemberStatus.DEAD, T0, "missed heartbeats");
  }

  private static RestartPolicy.Sighting seenAt(String address) {
    return new RestartPolicy.Sighting(
        address, "answered /health as workshop resilient node node-2");
  }

  @Test
  void aDeadNodeSeenRunningWhereItIsRegisteredMayBeRestarted() {
    Member m = dead("node-2", "http://127.0.0.1:5002");
    assertThat(policy.refusal(m, seenAt("http://127.0.0.1:5002"), true)).isEmpty();
    Member left = new Member("node-2", "http://127.0.0.1:5002", MemberStatus.LEFT, T0, "bye");
    assertThat(policy.refusal(left, seenAt("http://127.0.0.1:5002"), true)).isEmpty();
  }

  @Test
  void aRunningOrStartingNodeHasNothingToRestart() {
    Member alive = new Member("node-2", "http://127.0.0.1:5002", MemberStatus.ALIVE, T0, "beat");
    assertThat(policy.refusal(alive, seenAt("http://127.0.0.1:5002"), true))
        .contains("Node 'node-2' is alive; nothing to restart (POST /kill/node-2 first)");
    Member starting =
        new Member("node-4", "http://127.0.0.1:5004", MemberStatus.STARTING, T0, "scale-up");
    assertThat(policy.refusal(starting, null, true))
        .contains("Node 'node-4' is starting already; wait for its first heartbeat");
  }

  @Test
  void aPortOutsideTheRangeIsRefusedEvenForANodeSeenThere() {
    // The original's hole: a heartbeat naming port 1, then a restart, started a node on port 1.
    Member m = dead("x", "http://127.0.0.1:1");
    assertThat(policy.refusal(m, null, true))
        .contains(
            "Node 'x' is registered on port 1, outside the ports this registry starts nodes on"
                + " (5001-5099, its --min-port and --max-port); start it yourself:"
                + " ./workshop resilient-node --port 1 --id x");
    Member above = dead("x", "http://127.0.0.1:5100");
    assertThat(policy.refusal(above, seenAt("http://127.0.0.1:5100"), true).orElseThrow())
        .contains("outside the ports");
  }

  @Test
  void anAddressOnlyAHeartbeatNamedIsNeverStarted() {
    Member m = dead("node-7", "http://127.0.0.1:5007");
    assertThat(policy.refusal(m, null, true))
        .contains(
            "Node 'node-7' was never seen running as a workshop node at http://127.0.0.1:5007 (a"
                + " heartbeat named that address, but this registry did not start it there and"
                + " nothing there answered /health as resilient node 'node-7'); start it yourself:"
                + " ./workshop resilient-node --port 5007 --id node-7");
  }

  @Test
  void aNodeSeenElsewhereIsNotRestartedWhereAHeartbeatMovedIt() {
    Member m = dead("node-2", "http://127.0.0.1:5050");
    assertThat(policy.refusal(m, seenAt("http://127.0.0.1:5002"), true))
        .contains(
            "Node 'node-2' was seen running at http://127.0.0.1:5002 (answered /health as workshop"
                + " resilient node node-2), but its last heartbeat named http://127.0.0.1:5050,"
                + " where it was never seen running; start it yourself: ./workshop resilient-node"
                + " --port 5050 --id node-2");
  }

  @Test
  void aNodeOnAnotherMachineIsRestartedThere() {
    Member m = dead("node-7", "http://10.0.0.7:5007");
    assertThat(policy.refusal(m, seenAt("http://10.0.0.7:5007"), false))
        .contains(
            "Node 'node-7' ran at http://10.0.0.7:5007, not on this machine; restart it there");
  }

  @Test
  void theChecksComeInTheOrderThatTellsTheMostUsefulThing() {
    // Running beats elsewhere beats out of range beats never seen.
    Member aliveElsewhere = new Member("n", "http://10.0.0.7:1", MemberStatus.ALIVE, T0, "beat");
    assertThat(policy.refusal(aliveElsewhere, null, false).orElseThrow()).contains("is alive");
    assertThat(policy.refusal(dead("n", "http://10.0.0.7:1"), null, false).orElseThrow())
        .contains("not on this machine");
    assertThat(policy.refusal(dead("n", "http://127.0.0.1:1"), null, true).orElseThrow())
        .contains("outside the ports");
  }

  @Test
  void portsAreReadFromAddressesOfEveryShape() {
    assertThat(RestartPolicy.port("http://127.0.0.1:5002")).isEqualTo(5002);
    assertThat(RestartPolicy.port("http://[::1]:5003/")).isEqualTo(5003);
    assertThat(RestartPolicy.port("http://[::1]")).isEqualTo(-1);
    assertThat(RestartPolicy.port("http://host")).isEqualTo(-1);
    assertThat(RestartPolicy.port("http://host:port")).isEqualTo(-1);
  }

  @Test
  void aRangeIsValidatedWithItsBoundsInTheMessage() {
    assertThatThrownBy(() -> new RestartPolicy.PortRange(5099, 5001))
        .hasMessage("a port range runs from 1 to 65535, first <= last; got 5099-5001");
    assertThat(new RestartPolicy.PortRange(5001, 5099).contains(5001)).isTrue();
    assertThat(new RestartPolicy.PortRange(5001, 5099).contains(5100)).isFalse();
  }
}
