package workshop.gossip.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GossipNodeCommandTest {
  @Test
  void readsPortsAndHostPortPairs() {
    assertThat(GossipNodeCommand.parseNeighbors("7002, 7003,localhost:7004", "127.0.0.1", 7001))
        .containsExactly("127.0.0.1:7002", "127.0.0.1:7003", "127.0.0.1:7004");
    assertThat(GossipNodeCommand.parseNeighbors("", "127.0.0.1", 7001)).isEmpty();
  }

  @Test
  void refusesBadNeighbourListsWithAReason() {
    assertThatThrownBy(() -> GossipNodeCommand.parseNeighbors("7002,,7003", "127.0.0.1", 7001))
        .hasMessageContaining("empty item");
    assertThatThrownBy(() -> GossipNodeCommand.parseNeighbors("seven", "127.0.0.1", 7001))
        .hasMessage("--neighbors: 'seven' is not a port or host:port");
    assertThatThrownBy(() -> GossipNodeCommand.parseNeighbors("70000", "127.0.0.1", 7001))
        .hasMessage("--neighbors must be between 1 and 65535, got 70000");
    assertThatThrownBy(() -> GossipNodeCommand.parseNeighbors("7002,7002", "127.0.0.1", 7001))
        .hasMessage("--neighbors: 7002 is listed twice");
    assertThatThrownBy(() -> GossipNodeCommand.parseNeighbors("7001", "127.0.0.1", 7001))
        .hasMessage("--neighbors: 7001 is this node itself");
    assertThatThrownBy(() -> GossipNodeCommand.parseNeighbors("a b:7002", "127.0.0.1", 7001))
        .hasMessageContaining("is not a port or host:port");
    assertThatThrownBy(() -> GossipNodeCommand.parseNeighbors(":7002", "127.0.0.1", 7001))
        .hasMessageContaining("is not a port or host:port");
  }
}
