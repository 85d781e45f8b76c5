package workshop.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeConfigTest {
  @Test
  void keepsIdAndLoadFactorWhateverTheWorkerCount() {
    // The original lost both as soon as --workers was above 1.
    NodeConfig c = new NodeConfig(2, "127.0.0.1", 5002, 35, 10);
    assertThat(c.id()).isEqualTo(2);
    assertThat(c.loadFactor()).isEqualTo(35);
    assertThat(c.workers()).isEqualTo(10);
  }

  @Test
  void namesTheAllowedRangeWhenAValueIsOutOfIt() {
    assertThatThrownBy(() -> new NodeConfig(1, "127.0.0.1", 70_000, 0, 1))
        .hasMessage("--port must be between 1 and 65535, got 70000");
    assertThatThrownBy(() -> new NodeConfig(1, "127.0.0.1", 5001, 99, 1))
        .hasMessage("--load-factor must be between 0 and 45, got 99");
    assertThatThrownBy(() -> new NodeConfig(1, "127.0.0.1", 5001, 0, 0))
        .hasMessage("--workers must be between 1 and 1024, got 0");
    assertThatThrownBy(() -> new NodeConfig(-1, "127.0.0.1", 5001, 0, 1))
        .hasMessage("--id must be 0 or more, got -1");
    assertThatThrownBy(() -> new NodeConfig(1, " ", 5001, 0, 1)).hasMessageContaining("--host");
    assertThatThrownBy(() -> new NodeConfig(1, "127.0.0.1", 5001, 0, 1, CpuMode.SIMULATED, 0))
        .hasMessage("--cores must be between 1 and 1024, got 0");
    assertThatThrownBy(() -> new NodeConfig(1, "127.0.0.1", 5001, 0, 1, CpuMode.SIMULATED, 5000))
        .hasMessage("--cores must be between 1 and 1024, got 5000");
    assertThatThrownBy(() -> new NodeConfig(1, "127.0.0.1", 5001, 0, 1, null, 2))
        .hasMessageContaining("--cpu");
  }

  @Test
  void runsOnATwoCoreSimulatedMachineUnlessToldOtherwise() {
    NodeConfig c = new NodeConfig(2, "127.0.0.1", 5002, 35, 10);
    assertThat(c.cpu()).isEqualTo(CpuMode.SIMULATED);
    assertThat(c.cores()).isEqualTo(2);
    assertThat(c.workUnits()).isEqualTo(29_860_703); // the calls fib(35) makes
    assertThat(c.simulatedCpu(7))
        .isEqualTo(new CpuConfig(2, 10, 7, CpuConfig.FIB_CALLS_PER_SECOND));
    assertThat(new NodeConfig(2, "127.0.0.1", 5002, 0, 1).workUnits()).isZero();
  }

  @Test
  void readsTheCpuFlagInEitherCaseAndNamesTheChoicesOtherwise() {
    assertThat(CpuMode.parse("simulated")).isEqualTo(CpuMode.SIMULATED);
    assertThat(CpuMode.parse(" REAL ")).isEqualTo(CpuMode.REAL);
    assertThatThrownBy(() -> CpuMode.parse("fast"))
        .hasMessageStartingWith("--cpu must be simulated (the node's own cores")
        .hasMessageEndingWith("got 'fast'");
    assertThatThrownBy(() -> CpuMode.parse("")).hasMessageEndingWith("got ''");
    assertThatThrownBy(() -> CpuMode.parse(null)).hasMessageEndingWith("got 'null'");
  }
}
