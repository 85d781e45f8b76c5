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
  }
}
