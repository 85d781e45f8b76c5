package workshop.gossip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import workshop.cli.Cli;
import workshop.gossip.GossipConfig;
import workshop.gossip.GossipMessage;
import workshop.gossip.http.GossipProcess;
import workshop.protocol.http.ProtocolServer;
import workshop.support.http.FaultPolicy;
import workshop.support.http.WebClient;

/** {@code viz gossip} against a real node and a dead port, in plain mode. */
class GossipVizCommandTest {
  @Test
  void reportsTheNewestUpdateAndCountsOnlyNodesThatAnswer() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try (ProtocolServer<GossipMessage> node =
            GossipProcess.start(
                new GossipProcess.Settings(
                    1,
                    "127.0.0.1",
                    0,
                    "127.0.0.1:0",
                    java.util.Map.of(),
                    GossipConfig.DEFAULTS.withInterval(Duration.ofMinutes(5))),
                1,
                FaultPolicy.NONE,
                InstantSource.system(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String nodes = node.port() + "," + dead;
      Cli.commandLine().execute("viz", "gossip", "--nodes", nodes, "--frames", "1");
      http.post(node.url() + "/update");
      Cli.commandLine().execute("viz", "gossip", "--nodes", nodes, "--frames", "1");
    } finally {
      System.setOut(original);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactly("no update yet", "node 1 v1: converged in 0.0 s on 1 online nodes");
  }
}
