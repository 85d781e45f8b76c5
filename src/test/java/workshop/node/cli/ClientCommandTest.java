package workshop.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import workshop.support.cli.UserError;
import workshop.support.http.CallFailure;
import workshop.support.load.LoadGenerator;

class ClientCommandTest {
  @Test
  void acceptsPortsHostPortsAndUrls() {
    assertThat(ClientCommand.normalize("5002")).isEqualTo("http://localhost:5002");
    assertThat(ClientCommand.normalize("localhost:5002/")).isEqualTo("http://localhost:5002");
    assertThat(ClientCommand.normalize("http://127.0.0.1:5002")).isEqualTo("http://127.0.0.1:5002");
    assertThatThrownBy(() -> ClientCommand.normalize("http://x:99999"))
        .isInstanceOf(UserError.class);
  }

  @Test
  void printsTheOriginalPerRequestLine() {
    assertThat(
            ClientCommand.line(
                new LoadGenerator.Outcome("http://localhost:5001", 200, 12.34, "4", null)))
        .isEqualTo("✅ [http://localhost:5001] 200 | Latency: 12.3ms | Active: 4");
    CallFailure f =
        new CallFailure(CallFailure.Kind.TIMEOUT, "u", "no answer from x within 5000 ms", null);
    assertThat(ClientCommand.line(new LoadGenerator.Outcome("http://x", 0, 5000, null, f)))
        .isEqualTo("❌ [http://x] timeout after 5000.0ms: no answer from x within 5000 ms");
  }

  @Test
  void againstNoRunningNodeStopsAndSaysWhichNodesToStart() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    int code;
    long t0 = System.nanoTime();
    try {
      System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
      code =
          workshop.cli.Cli.execute(
              "client", "--concurrent", "5", "--target", "http://127.0.0.1:" + port);
    } finally {
      System.setOut(original);
    }
    java.util.List<String> lines =
        bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    assertThat(code).as(String.join("\n", lines)).isEqualTo(1);
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0))
        .isLessThan(java.time.Duration.ofSeconds(15));
    assertThat(lines.get(lines.size() - 1))
        .startsWith("Stopped: nothing listens at http://127.0.0.1:" + port + " (all ")
        .contains("requests in 2.")
        .contains("were refused, none answered)")
        .endsWith(
            "a node is ./workshop node --port "
                + port
                + " --id 1, and ./workshop modules lists what each module starts on which port.");
  }

  @Test
  void withTheDefaultNodesSaysToStartModuleOne() {
    workshop.support.load.LoadReport.Row all =
        new workshop.support.load.LoadReport.Row(
            "all", 90, 0, 0, 90, 0, 0, 0, 0, 45, 0, 0, 0, 0, 0);
    String line =
        ClientCommand.nobodyListened(
            java.util.List.of(ClientCommand.DEFAULT_NODES.split(",")),
            new workshop.support.load.LoadReport(
                java.time.Duration.ofMillis(2010), 5, java.util.List.of(all), all));
    assertThat(line)
        .isEqualTo(
            "Stopped: nothing listens at http://localhost:5001, http://localhost:5002,"
                + " http://localhost:5003 (all 90 requests in 2.0 s were refused, none answered)."
                + " Start the nodes first: ./workshop up 01 in another terminal (or ./workshop"
                + " node --port 5001 --id 1, and 5002 / 2, 5003 / 3).");
  }
}
