package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;

/** Every bad flag of load-test and chaos is refused with one line, before anything is sent. */
class LoadTestAndChaosFlagsTest {
  private record Run(int code, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Cli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, err.toString().strip());
  }

  /** A port on which nothing listens (bound, then released). */
  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void loadTestRefusesBadCountsAndUrls() {
    assertThat(run("load-test", "--requests", "0"))
        .isEqualTo(new Run(1, "error: --requests must be between 1 and 1000000, got 0"));
    assertThat(run("load-test", "--requests", "-5").err())
        .isEqualTo("error: --requests must be between 1 and 1000000, got -5");
    assertThat(run("load-test", "--requests", "1000001").err())
        .isEqualTo("error: --requests must be between 1 and 1000000, got 1000001");
    assertThat(run("load-test", "--requests", "many").code()).isEqualTo(2);
    assertThat(run("load-test", "--concurrency", "0").err())
        .isEqualTo("error: --concurrency must be between 1 and 100, got 0");
    for (String bad :
        new String[] {"ftp://x", "localhost:5000", "http://", "http://x:99999", "http://x/data"}) {
      assertThat(run("load-test", "--registry", bad).err())
          .as(bad)
          .isEqualTo(
              "error: --registry must be a URL like http://localhost:5000; got '" + bad + "'");
    }
  }

  @Test
  void loadTestWithTheRegistryDownSaysSoInOneLine() throws Exception {
    int port = closedPort();
    Run r = run("load-test", "--registry", "http://127.0.0.1:" + port);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: cannot reach the registry at http://127.0.0.1:"
                + port
                + " (nothing is listening on 127.0.0.1:"
                + port
                + "); start it with ./workshop up, or point --registry at it");
  }

  @Test
  void loadTestAgainstSomethingElseSaysItIsNotARegistry() {
    WebServer other =
        WebServer.builder("other")
            .host("127.0.0.1")
            .port(0)
            .routes(new Routes().get("/cluster-status", r -> Response.ok(java.util.List.of(1))))
            .start();
    try {
      Run r = run("load-test", "--registry", other.url());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err())
          .isEqualTo(
              "error: "
                  + other.url()
                  + " answered GET /cluster-status with 200 '[1]', which is not a registry's"
                  + " answer; is --registry the registry's URL?");
    } finally {
      other.close();
    }
  }

  @Test
  void chaosRefusesBadTimingAndCounts() {
    assertThat(run("chaos", "--interval", "0s"))
        .isEqualTo(
            new Run(
                1, "error: --interval must be between 1s and 1h (a kill takes up to 3 s), got 0s"));
    assertThat(run("chaos", "--interval", "500ms").err())
        .isEqualTo(
            "error: --interval must be between 1s and 1h (a kill takes up to 3 s), got 500ms");
    assertThat(run("chaos", "--interval", "soon").err())
        .contains("'soon' is not a duration; write it like 500ms, 2s, 1.5s or 3m");
    assertThat(run("chaos", "--restart-after", "-1s").code()).isEqualTo(2);
    assertThat(run("chaos", "--restart-after", "0s").err())
        .isEqualTo("error: --restart-after must be between 1ms and 1h, got 0s");
    assertThat(run("chaos", "--rounds", "0").err())
        .isEqualTo("error: --rounds must be 1 or more, got 0");
    assertThat(run("chaos", "--max-down", "0").err())
        .isEqualTo("error: --max-down must be between 1 and 100, got 0");
    assertThat(run("chaos", "--seed", "seven").code()).isEqualTo(2);
    assertThat(run("chaos", "--registry", "http://localhost:5000?x=1").err())
        .isEqualTo(
            "error: --registry must be a URL like http://localhost:5000; got"
                + " 'http://localhost:5000?x=1'");
  }

  @Test
  void chaosWithTheRegistryDownSaysSoInOneLine() throws Exception {
    int port = closedPort();
    Run r = run("chaos", "--registry", "http://127.0.0.1:" + port, "--dry-run");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: cannot reach the registry at http://127.0.0.1:"
                + port
                + " (nothing is listening on 127.0.0.1:"
                + port
                + "); start it with ./workshop up");
  }
}
