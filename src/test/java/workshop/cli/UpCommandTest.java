package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import workshop.module.WorkshopModule;

/** What {@code up} says before and after it starts a module's processes. */
class UpCommandTest {
  @Test
  void aModuleOfOneProcessSaysOneProcessAndIt() {
    WorkshopModule breaker = ModuleCatalog.find("09").orElseThrow();
    assertThat(UpCommand.banner(breaker, breaker.processes().size()))
        .isEqualTo("Module 09: Circuit Breaker. Starting 1 process; Ctrl+C stops it.");
    WorkshopModule nodes = ModuleCatalog.find("01").orElseThrow();
    assertThat(UpCommand.banner(nodes, nodes.processes().size()))
        .isEqualTo("Module 01: Nodes & RPC. Starting 3 processes; Ctrl+C stops them.");
  }

  @Test
  void everyModuleThatStartsProcessesSaysWhatToTryOnceTheyAreUp() {
    for (WorkshopModule m : ModuleCatalog.all()) {
      if (m.processes().isEmpty()) {
        continue;
      }
      List<String> hints = UpOutput.hintsWithoutMoves(m.id());
      assertThat(hints).as("up %s", m.id()).contains("Try, in another terminal:");
      assertThat(hints.stream().filter(l -> l.startsWith("  ")).count())
          .as("up %s's hints", m.id())
          .isPositive();
      assertThat(hints)
          .as("up %s", m.id())
          .contains("Stop everything with Ctrl+C here, or `./workshop down`.");
    }
    assertThat(UpOutput.hintsWithoutMoves("05")).contains("  ./workshop viz availability");
  }

  @Test
  void theHintsFollowAMovedPort() {
    WorkshopModule breaker = ModuleCatalog.find("09").orElseThrow();
    List<String> moved =
        UpCommand.hints(
            breaker,
            PortMoves.parse(breaker, List.of("flaky-server=9100")),
            List.of("flaky-server"));
    assertThat(moved)
        .contains(
            "  curl -X POST http://localhost:9100/fail",
            "One process: ./workshop stop flaky-server, ./workshop restart flaky-server"
                + " [--flag value]...");
  }
}
