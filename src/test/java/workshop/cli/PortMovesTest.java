package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import workshop.module.WorkshopModule;
import workshop.support.cli.UserError;

class PortMovesTest {
  private static final WorkshopModule CAPSTONE = ModuleCatalog.find("23").orElseThrow();
  private static final WorkshopModule GOSSIP = ModuleCatalog.find("07").orElseThrow();
  private static final WorkshopModule BALANCE = ModuleCatalog.find("02").orElseThrow();

  @Test
  void movingTheRegistryMovesItsPortAndEveryNodesRegistryUrl() {
    PortMoves moves = PortMoves.parse(CAPSTONE, List.of("registry=5050"));
    assertThat(moves.moved()).isEqualTo(Map.of(5000, 5050));
    assertThat(moves.args(CAPSTONE.processes().get(0).args()))
        .containsExactly("registry", "--port", "5050");
    assertThat(moves.args(CAPSTONE.processes().get(2).args()))
        .containsExactly(
            "resilient-node",
            "--port",
            "5002",
            "--id",
            "node-2",
            "--registry",
            "http://localhost:5050");
    assertThat(moves.describe(CAPSTONE)).isEqualTo("registry 5000 -> 5050");
  }

  @Test
  void aMovedGossipNodeIsFollowedInItsNeighboursLists() {
    PortMoves moves = PortMoves.parse(GOSSIP, List.of("gossip-3=17003"));
    assertThat(moves.args(GOSSIP.processes().get(0).args()))
        .containsSubsequence("--neighbors", "7002,17003,7004");
    assertThat(moves.args(GOSSIP.processes().get(2).args()))
        .containsSubsequence("--port", "17003")
        .containsSubsequence("--id", "3");
  }

  @Test
  void hintsFollowInUrlsAndWhereThePortStandsAlone() {
    PortMoves moves = PortMoves.parse(CAPSTONE, List.of("registry=5050", "node-2=6002"));
    assertThat(moves.hint("curl -X POST http://localhost:5000/kill/node-2"))
        .isEqualTo("curl -X POST http://localhost:5050/kill/node-2");
    assertThat(moves.hint("./workshop resilient-node --port 5002 --id node-2"))
        .isEqualTo("./workshop resilient-node --port 6002 --id node-2");
    // Addresses and other numbers are left alone.
    assertThat(moves.hint("curl http://127.0.0.1:5001/ --n 5000.5"))
        .isEqualTo("curl http://127.0.0.1:5001/ --n 5000.5");
  }

  @Test
  void movesAreAppliedInOnePassSoASwapDoesNotMoveTwice() {
    PortMoves moves = PortMoves.parse(CAPSTONE, List.of("node-1=5002", "node-2=5001"));
    assertThat(moves.hint("5001 5002")).isEqualTo("5002 5001");
    assertThat(moves.value("http://localhost:5001,http://localhost:5002"))
        .isEqualTo("http://localhost:5002,http://localhost:5001");
  }

  @Test
  void refusesAnUnknownProcessAMalformedMoveAndAClash() {
    assertThatThrownBy(() -> PortMoves.parse(CAPSTONE, List.of("5050")))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "--port takes NAME=PORT, the process to move and its new port, like --port"
                + " registry=5050 (module 23's processes: registry, node-1, node-2, node-3); got"
                + " '5050'");
    assertThatThrownBy(() -> PortMoves.parse(CAPSTONE, List.of("node-9=6000")))
        .hasMessage(
            "module 23 has no process 'node-9'; its processes: registry, node-1, node-2, node-3");
    assertThatThrownBy(() -> PortMoves.parse(CAPSTONE, List.of("registry=5001")))
        .hasMessage("--port registry=5001: node-1 uses port 5001");
    assertThatThrownBy(() -> PortMoves.parse(CAPSTONE, List.of("registry=70000")))
        .hasMessage("--port registry=70000: a port is 1-65535");
    assertThatThrownBy(() -> PortMoves.parse(CAPSTONE, List.of("registry=6000", "registry=6001")))
        .hasMessage("--port moves registry twice; give it one new port");
  }

  @Test
  void aCommandThatReachesAMovedPortByDefaultIsToldTheNewAddress() {
    PortMoves registry = PortMoves.parse(CAPSTONE, List.of("registry=5050"));
    assertThat(DefaultsThatMove.hint("./workshop dashboard    (the cluster live)", registry))
        .isEqualTo("./workshop dashboard --registry http://localhost:5050    (the cluster live)");
    assertThat(DefaultsThatMove.hint("./workshop load-test --read-back", registry))
        .isEqualTo("./workshop load-test --read-back --registry http://localhost:5050");
    assertThat(DefaultsThatMove.hint("curl http://localhost:5000/graduate", registry))
        .isEqualTo("curl http://localhost:5000/graduate");
    // The balancer reaches the nodes through its default --backends.
    PortMoves node1 = PortMoves.parse(BALANCE, List.of("node-1=6001"));
    assertThat(DefaultsThatMove.add(List.of("lb", "--port", "8080"), node1))
        .containsExactly(
            "lb",
            "--port",
            "8080",
            "--backends",
            "http://localhost:6001,http://localhost:5002,http://localhost:5003");
  }

  @Test
  void withoutMovesNothingChanges() {
    PortMoves none = PortMoves.parse(CAPSTONE, List.of());
    assertThat(none.isEmpty()).isTrue();
    assertThat(DefaultsThatMove.hint("./workshop dashboard", none))
        .isEqualTo("./workshop dashboard");
    assertThat(none.args(List.of("registry", "--port", "5000")))
        .containsExactly("registry", "--port", "5000");
  }
}
