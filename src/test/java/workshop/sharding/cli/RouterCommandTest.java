package workshop.sharding.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The router demo (the manual's Steps 2 and 3) and its flags. */
class RouterCommandTest {
  private static String demo(String... args) {
    RouterCommand command = new RouterCommand();
    new CommandLine(command).parseArgs(args);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    command.demo(
        RouterCommand.strategyFor(command.strategy),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void modeloMovesUser123ToNodeDAndConsistentHashingKeepsItOnNodeB() {
    assertThat(demo("--strategy", "modulo", "--add", "Node D"))
        .contains("Key 'user_123' maps to Node B\n")
        .contains("Key 'user_123' maps to Node D   (moved from Node B)")
        .contains("746 of 1000 keys (74.6%) change node with MODULO");
    assertThat(demo("--strategy", "consistent", "--add", "Node D"))
        .contains("Key 'user_123' maps to Node B   (stayed)")
        .contains("246 of 1000 keys (24.6%) change node with CONSISTENT_HASHING");
    assertThat(demo("--strategy", "rendezvous", "--key", "a", "b", "--remove", "Node A"))
        .contains("Removing 'Node A'...");
  }

  @Test
  void theStep3SwapLinesAreLines7And8OfRouterStrategy() throws IOException {
    List<String> lines =
        Files.readAllLines(Path.of("src/main/java/workshop/sharding/cli/RouterStrategy.java"));
    assertThat(lines.get(4)).contains("comment line 7, uncomment line 8");
    assertThat(lines.get(6).strip()).isEqualTo("return new ModuloHashing(nodes);");
    assertThat(lines.get(7).strip()).isEqualTo("// return new HashRing(nodes, 100);");
  }

  @Test
  void badFlagsGetOneLineThatSaysWhatToDo() {
    assertThat(RebalancingViewTest.error("router", "--strategy", "random"))
        .isEqualTo(
            "error: --strategy: unknown strategy 'random'; use modulo, consistent or rendezvous");
    assertThat(RebalancingViewTest.error("router", "--remove", "Node Z"))
        .isEqualTo("error: node 'Node Z' is not one of [Node A, Node B, Node C]");
    assertThat(RebalancingViewTest.error("router", "--add", "Node A"))
        .isEqualTo("error: node 'Node A' is already in [Node A, Node B, Node C]");
    assertThat(RebalancingViewTest.error("router", "--nodes", "http://x:1"))
        .isEqualTo("error: --nodes only works with --serve");
    assertThat(RebalancingViewTest.error("router", "--serve", "--nodes", "ftp://x"))
        .startsWith("error: --nodes: 'ftp://x' is not a node URL");
    assertThat(RebalancingViewTest.error("router", "--serve", "--add", "x"))
        .startsWith("error: --key, --add and --remove are for the demo");
    assertThat(RebalancingViewTest.error("router", "--serve", "--port", "0"))
        .startsWith("error: --port must be between 1 and 65535");
  }
}
