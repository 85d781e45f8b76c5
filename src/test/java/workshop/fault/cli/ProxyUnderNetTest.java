package workshop.fault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import workshop.cli.Cli;
import workshop.fault.http.NetFaults;
import workshop.fault.proxy.ProxyAdmin;
import workshop.fault.proxy.TcpProxy;
import workshop.support.http.WebServer;

/**
 * {@code ./workshop proxy}'s flags, each refused in one line before anything starts, and a proxy
 * reached by the same {@code ./workshop net} path as every workshop server: found in the address
 * book by its name, set through its admin port, listed by {@code net show}.
 */
class ProxyUnderNetTest {
  @TempDir Path state;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Cli.commandLine();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), err.toString().strip());
  }

  @Test
  void badFlagsAreRefusedInOneLine() {
    assertThat(run("proxy", "--listen", "abc", "--upstream", "127.0.0.1:5001"))
        .isEqualTo(
            new Run(
                1,
                "error: --listen takes a port, a whole number from 1 to 65535 (0: any free one);"
                    + " got 'abc'"));
    assertThat(run("proxy", "--listen", "70000", "--upstream", "127.0.0.1:5001").err())
        .isEqualTo(
            "error: --listen takes a port, a whole number from 1 to 65535 (0: any free one);"
                + " got '70000'");
    assertThat(run("proxy", "--listen", "9000", "--upstream", "localhost").err())
        .isEqualTo(
            "error: --upstream takes HOST:PORT, such as 127.0.0.1:5001 or localhost:6379; got"
                + " 'localhost'");
    assertThat(run("proxy", "--listen", "9000", "--upstream", ":5001").err())
        .startsWith("error: --upstream takes HOST:PORT");
    assertThat(run("proxy", "--listen", "9000", "--upstream", "localhost:http").err())
        .isEqualTo(
            "error: --upstream's port takes a port, a whole number from 1 to 65535 (0: any free"
                + " one); got 'http'");
    assertThat(run("proxy", "--listen", "9000", "--upstream", "localhost:0").err())
        .isEqualTo("error: --upstream needs a real port, 1 to 65535; got 'localhost:0'");
    assertThat(run("proxy", "--listen", "9000", "--upstream", "no-such-host.invalid:6379").err())
        .isEqualTo(
            "error: --upstream no-such-host.invalid:6379: unknown host 'no-such-host.invalid'"
                + " (check the spelling, or use an address such as 127.0.0.1)");
    assertThat(
            run("proxy", "--listen", "9000", "--upstream", "127.0.0.1:5001", "--name", "all").err())
        .startsWith("error: --name 'all' cannot be said in a fault;");
    assertThat(
            run("proxy", "--listen", "9000", "--upstream", "127.0.0.1:5001", "--name", "a b").err())
        .startsWith("error: --name 'a b' cannot be said in a fault;");
    // Missing flags are picocli's usage error: its line, then the synopsis.
    assertThat(run("proxy", "--listen", "9000").code()).isEqualTo(2);
  }

  @Test
  void aPortInUseIsRefusedInOneLine() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThat(run("proxy", "--listen", "" + port, "--upstream", "127.0.0.1:5001").err())
          .isEqualTo(
              "error: --listen "
                  + port
                  + ": port "
                  + port
                  + " on 127.0.0.1 is already in use; choose another with --listen, or free it"
                  + " (./workshop down)");
    }
  }

  @Test
  void netFindsTheProxyByNameSetsItsFaultsAndShowsIt() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        NetFaults net = NetFaults.in(state, "redis", 3, InstantSource.system(), out);
        TcpProxy proxy =
            TcpProxy.start(
                TcpProxy.bind("127.0.0.1", 0),
                new java.net.InetSocketAddress(
                    InetAddress.getLoopbackAddress(), upstream.getLocalPort()),
                net,
                out);
        WebServer admin = ProxyAdmin.start(proxy, net, 0)) {
      net.listening(admin.url());

      assertThat(net("delay", "redis", "100ms"))
          .containsExactly(
              "delay redis 100ms: +100 ms each way: a call to or from redis takes 200 ms longer",
              "Sent to 1 server (redis); ./workshop net show lists what is in force.");
      assertThat(net.state().faults()).containsExactly("delay redis 100ms");

      List<String> show = net("show");
      assertThat(show.get(0)).startsWith("In force");
      assertThat(show).anyMatch(l -> l.matches("  redis  127\\.0\\.0\\.1:\\d+ +1 fault in force"));

      // A chunk through the proxy now waits: the rules reached the port that forwards.
      try (Socket s = new Socket("127.0.0.1", proxy.port());
          Socket behind = upstream.accept()) {
        long t0 = System.nanoTime();
        s.getOutputStream().write('x');
        assertThat(behind.getInputStream().read()).isEqualTo('x');
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(100);
      }
      assertThat(net("heal")).first().isEqualTo("heal: every network fault removed");
      assertThat(net.state().faults()).isEmpty();
    }
  }

  private List<String> net(String... args) {
    String[] line = new String[args.length + 1];
    line[0] = "net";
    System.arraycopy(args, 0, line, 1, args.length);
    CommandLine.ParseResult parsed = Cli.commandLine().parseArgs(line);
    return ((NetCommand) parsed.subcommand().commandSpec().userObject()).run(state);
  }
}
