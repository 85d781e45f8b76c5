package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortInUseTest {
  @Test
  void namesTheHolderAndTheUpCommandThatMovesTheProcess() {
    assertThat(
            PortInUse.line(
                "23",
                "registry",
                5000,
                "pid 4242 (python3 -m http.server 5000)",
                null,
                List.of(),
                5050))
        .isEqualTo(
            "registry cannot listen on port 5000, which is in use by pid 4242 (python3 -m"
                + " http.server 5000). Stop that program, or move registry: ./workshop up 23"
                + " --port registry=5050");
  }

  @Test
  void recognisesMacOsAirPlayReceiver() {
    assertThat(
            PortInUse.line(
                "23",
                "registry",
                5000,
                "pid 512 (/System/.../ControlCenter)",
                null,
                List.of(),
                5050))
        .contains("macOS's AirPlay Receiver. Turn it off in System Settings > General > AirDrop &")
        .endsWith("or move registry: ./workshop up 23 --port registry=5050");
  }

  @Test
  void aLeftoverWorkshopProcessIsStoppedWithDown() {
    assertThat(
            PortInUse.line(
                "01",
                "node-2",
                5002,
                "pid 77 (./workshop node --port 5002 --id 2)",
                "node-2",
                List.of(),
                5052))
        .isEqualTo(
            "node-2 cannot listen on port 5002, which node-2 (pid 77 (./workshop node --port 5002"
                + " --id 2)) from an earlier start still holds. Stop it with ./workshop down, then"
                + " run up again.");
  }

  @Test
  void anInvisibleHolderIsSaidToBeInvisible() {
    assertThat(PortInUse.line("09", "flaky-server", 9001, null, null, List.of(), 9051))
        .contains("in use by a program this user cannot see")
        .contains("sudo lsof -i :9001");
  }

  @Test
  void theSuggestedCommandKeepsTheMovesAlreadyGiven() {
    assertThat(PortInUse.moveCommand("23", "node-1", List.of("registry=5050", "node-1=6001"), 6051))
        .isEqualTo("./workshop up 23 --port registry=5050 --port node-1=6051");
  }
}
