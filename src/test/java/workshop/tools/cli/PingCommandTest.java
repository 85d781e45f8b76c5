package workshop.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.fault.FaultParser;
import workshop.fault.cli.Network;
import workshop.fault.http.NetFaults;
import workshop.support.cli.UserError;
import workshop.tools.http.FileServer;

/**
 * {@code ./workshop ping} on real sockets: TCP connects, and HTTP probes of named servers whose
 * fault layers take the rules {@code ./workshop net} sends them, in a checkout of the test's own.
 */
class PingCommandTest {
  @TempDir Path state;
  @TempDir Path dir;

  private final List<AutoCloseable> running = new ArrayList<>();
  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : running.reversed()) {
      c.close();
    }
  }

  /** A file server named {@code name}, listed in the test's address book with its fault layer. */
  private FileServer server(String name) {
    NetFaults net = NetFaults.in(state, name, 7, InstantSource.system(), quiet);
    FileServer s = FileServer.start(name, dir, "127.0.0.1", 0, net, quiet, InstantSource.system());
    net.listening(s.url());
    running.add(s);
    running.add(net);
    return s;
  }

  private record Result(int code, String out) {}

  private Result ping(String... args) throws InterruptedException {
    String[] line = new String[args.length + 1];
    line[0] = "ping";
    System.arraycopy(args, 0, line, 1, args.length);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code =
        ToolRun.parsed(PingCommand.class, line)
            .run(state, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Result(code, bytes.toString(StandardCharsets.UTF_8));
  }

  /** {@code ./workshop net <fault>} in the test's checkout, as the command sends it. */
  private void net(String... words) {
    try (Network network = new Network(state, Duration.ofSeconds(2))) {
      if (words[0].equals("heal")) {
        network.heal();
      } else {
        network.apply(FaultParser.parse(String.join(" ", words)), 7L);
      }
    }
  }

  private static List<Double> times(String out) {
    List<Double> times = new ArrayList<>();
    Matcher m = Pattern.compile("time=([\\d.]+) ms").matcher(out);
    while (m.find()) {
      times.add(Double.parseDouble(m.group(1)));
    }
    return times;
  }

  @Test
  void aTcpPingConnectsOncePerProbeAndEndsWithPingsStatistics() throws Exception {
    try (ServerSocket listening = new ServerSocket(0)) {
      String target = "127.0.0.1:" + listening.getLocalPort();
      Result r = ping(target, "-c", "3", "-i", "10ms");
      assertThat(r.code()).isZero();
      assertThat(r.out())
          .startsWith("PING " + target + ": TCP connect, 2 s timeout\n")
          .contains("from " + target + ": seq=3 connected time=")
          .contains("\n--- " + target + " ping statistics ---\n3 probes sent, 3 received, 0% loss")
          .containsPattern("rtt min/avg/max/mdev = [\\d.]+/[\\d.]+/[\\d.]+/[\\d.]+ ms");
    }
  }

  @Test
  void nothingListeningIsFullLossAndExitCode1() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Result r = ping("127.0.0.1:" + port, "-c", "2", "-i", "10ms");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("seq=1 refused: nothing is listening on 127.0.0.1:" + port)
        .contains("2 probes sent, 0 received, 100% loss")
        .doesNotContain("rtt");
  }

  @Test
  void aNamedServerIsProbedWithGetHealth() throws Exception {
    FileServer s = server("files-1");
    Result r = ping("files-1", "-c", "2", "-i", "10ms");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("PING files-1 (" + s.url() + "/health): HTTP GET, 2 s timeout\n")
        .contains("from files-1: seq=1 status=200 time=")
        .contains("2 probes sent, 2 received, 0% loss");
  }

  @Test
  void aDelayOnTheServerAddsTwiceItToEveryRoundTrip() throws Exception {
    server("files-1");
    net("delay", "files-1", "100ms");
    Result r = ping("files-1", "-c", "2", "-i", "10ms");
    // 100 ms each way: no probe can come back in less than 200 ms.
    assertThat(times(r.out()))
        .hasSize(2)
        .allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(200));
    net("heal");
  }

  @Test
  void fullLossOnTheServerLosesEveryProbe() throws Exception {
    server("files-1");
    net("loss", "files-1", "100%");
    Result r = ping("files-1", "-c", "2", "-i", "10ms", "--timeout", "300ms");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("seq=1 timeout: no answer from")
        .contains("2 probes sent, 0 received, 100% loss");
  }

  @Test
  void aPartitionShowsFromASideAndNotFromOutside() throws Exception {
    server("files-1");
    server("files-2");
    net("partition", "files-1", "from", "files-2");
    Result across = ping("files-2", "--from", "files-1", "-c", "2", "-i", "10ms", "-W", "300ms");
    assertThat(across.code()).isEqualTo(1);
    assertThat(across.out())
        .contains("HTTP GET, 300 ms timeout, as if from files-1")
        .contains("seq=2 timeout:")
        .contains("100% loss");
    // ping itself is on neither side, as curl is.
    assertThat(ping("files-2", "-c", "1").code()).isZero();
    net("heal");
    assertThat(ping("files-2", "--from", "files-1", "-c", "1").out()).contains("0% loss");
  }

  @Test
  void aUrlIsProbedWithAGetOfThatUrl() throws Exception {
    FileServer s = server("files-1");
    Result r = ping(s.url() + "/nope", "-c", "1");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("status=404");
  }

  @Test
  void anUnknownNameIsRefusedNamingTheServersThatRun() {
    server("files-1");
    assertThatThrownBy(() -> ping("node-9"))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "no workshop server named node-9 runs; running: files-1 (or give host:port or a URL)")
        .extracting(e -> ((UserError) e).exitCode())
        .isEqualTo(2);
    assertThatThrownBy(() -> ping("files-1", "--from", "node-9"))
        .hasMessage("no workshop server named node-9 runs; running: files-1");
    assertThatThrownBy(() -> ping("localhost"))
        .hasMessageContaining("(a host needs a port: localhost:8001; ICMP ping needs root)");
    assertThatThrownBy(() -> ping("127.0.0.1:1", "--from", "files-1"))
        .hasMessageStartingWith("--from works with an HTTP probe");
  }

  @Test
  void withNothingRunningTheRefusalSaysHowToStartSomething() {
    assertThatThrownBy(() -> ping("node-2"))
        .hasMessage(
            "no workshop server named node-2 runs here, and none runs at all; start some with"
                + " ./workshop up, or give host:port");
  }

  @Test
  void badFlagsAreOneLineAndExitCode2() {
    String[][] cases = {
      {"-c", "0", "-c must be between 1 and 100000, got 0"},
      {"-c", "-5", "-c must be between 1 and 100000, got -5"},
      {"-i", "0s", "-i must be at least 10ms, got 0ms"},
      {"-W", "0s", "--timeout must be more than 0, e.g. 2s"},
    };
    for (String[] c : cases) {
      ToolRun run = ToolRun.of("ping", "127.0.0.1:1", c[0], c[1]);
      assertThat(run.code()).as(c[0] + " " + c[1]).isEqualTo(2);
      assertThat(run.err()).isEqualTo("error: " + c[2] + "\n");
    }
    ToolRun number = ToolRun.of("ping", "5001");
    assertThat(number.code()).isEqualTo(2);
    assertThat(number.err())
        .isEqualTo(
            "error: '5001' is a number, not a server: write localhost:5001 for a TCP ping\n");
    ToolRun port = ToolRun.of("ping", "localhost:70000");
    assertThat(port.err())
        .isEqualTo("error: the port in 'localhost:70000' must be between 1 and 65535\n");
    ToolRun negative = ToolRun.of("ping", "127.0.0.1:1", "-i", "-1s");
    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.err()).startsWith("error: ").contains("'-1s' is negative");
  }
}
