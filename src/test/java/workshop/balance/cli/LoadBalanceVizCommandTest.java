package workshop.balance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import workshop.cli.Cli;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.support.http.FaultPolicy;

/** With no balancer at --target the view starts its own, drives traffic, and says so. */
class LoadBalanceVizCommandTest {
  @Test
  void withNoBalancerItStartsOneAndSaysSo() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    NodeServer a =
        NodeServer.start(new NodeConfig(1, "127.0.0.1", 0, 0, 1), FaultPolicy.NONE, quiet);
    NodeServer b =
        NodeServer.start(new NodeConfig(2, "127.0.0.1", 0, 0, 1), FaultPolicy.NONE, quiet);
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Cli.execute(
              "viz",
              "load-balance",
              "--target",
              "http://127.0.0.1:" + dead,
              "--backends",
              a.url() + "," + b.url(),
              "--concurrent",
              "2",
              "--duration",
              "3s",
              "--every",
              "500ms");
    } finally {
      System.setOut(original);
      a.close();
      b.close();
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isZero();
    assertThat(out).contains("No balancer answers at http://127.0.0.1:" + dead);
    assertThat(out).contains("this view started one in-process");
    // Round-robin over two equal nodes: some refresh shows both UP at about half each.
    assertThat(out.lines())
        .as(out)
        .anyMatch(
            l ->
                l.startsWith("lb round-robin: " + a.url() + " UP 5")
                    || l.startsWith("lb round-robin: " + a.url() + " UP 49"));
    assertThat(out.lines()).anyMatch(l -> l.contains(b.url() + " UP") && !l.endsWith(" 0.0 req/s"));
  }
}
