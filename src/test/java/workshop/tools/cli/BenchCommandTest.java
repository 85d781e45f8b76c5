package workshop.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;

/** {@code ./workshop bench} against a real server on port 0 that answers every fifth with 503. */
class BenchCommandTest {
  private final AtomicInteger calls = new AtomicInteger();
  private WebServer server;

  @BeforeEach
  void start() {
    server =
        WebServer.builder("bench-target")
            .routes(
                new Routes()
                    .get("/", r -> Response.text(200, "0123456789"))
                    .get(
                        "/flaky",
                        r ->
                            calls.incrementAndGet() % 5 == 0
                                ? Response.error(503, "busy", "try later")
                                : Response.text(200, "ok")))
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void printsAbsReportForEveryRequestSent() {
    ToolRun run = ToolRun.of("bench", "-n", "200", "-c", "4", server.url() + "/");
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .startsWith("Benchmarking 127.0.0.1 (be patient)\nFinished 200 requests\n\n\n")
        .contains("Server Hostname:        127.0.0.1\nServer Port:            " + server.port())
        .contains("Document Path:          /\nDocument Length:        10 bytes")
        .contains("Concurrency Level:      4")
        .contains(
            "Complete requests:      200\nFailed requests:        0\nNon-2xx responses:      0")
        .contains("HTML transferred:       2000 bytes")
        .containsPattern("Requests per second: +[\\d.]+ \\[#/sec] \\(mean\\)")
        .containsPattern(
            "Time per request: +[\\d.]+ \\[ms] \\(mean, across all concurrent requests\\)")
        .contains("Percentage of the requests served within a certain time (ms)")
        .containsPattern("\n  50% +[\\d.]+\n  66%")
        .containsPattern("\n 100% +[\\d.]+ \\(longest request\\)\n$")
        .doesNotContain("Keep-Alive requests");
  }

  @Test
  void countsNon2xxAnswersApartFromFailures() {
    ToolRun run = ToolRun.of("bench", "-n", "100", "-c", "1", "-k", server.url() + "/flaky");
    assertThat(run.code()).isZero();
    // One in five of 100 answers is a 503: complete, but not 2xx; and the lengths differ.
    assertThat(run.out())
        .contains(
            "Complete requests:      100\nFailed requests:        0\nNon-2xx responses:      20")
        .contains("Keep-Alive requests:    100")
        .contains("Document Length:        Variable");
  }

  @Test
  void printsProgressEveryTenthOfALargeRun() {
    ToolRun run = ToolRun.of("bench", "-n", "1000", "-c", "10", "-k", server.url() + "/");
    assertThat(run.out().lines().filter(l -> l.matches("Completed \\d+00 requests"))).hasSize(9);
    assertThat(run.out())
        .contains("Finished 1000 requests")
        .contains("Complete requests:      1000");
  }

  @Test
  void nothingListeningIsOneLineAndExitCode1() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ToolRun run = ToolRun.of("bench", "-n", "20", "-c", "2", "http://127.0.0.1:" + port + "/");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "error: nothing is listening on 127.0.0.1:"
                + port
                + ": 20 connections were refused and none answered; start the server first\n");
  }

  @Test
  void timeoutsAreFailedRequestsWithTheirReason() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      ToolRun run =
          ToolRun.of(
              "bench",
              "-n",
              "2",
              "-c",
              "2",
              "-s",
              "200ms",
              "http://127.0.0.1:" + silent.getLocalPort() + "/");
      assertThat(run.code()).isEqualTo(1);
      assertThat(run.out())
          .contains(
              "Complete requests:      0\nFailed requests:        2\n   (timeout: 2, refused: 0, reset: 0, io: 0)")
          .contains("No request was answered");
    }
  }

  @Test
  void badFlagsAreOneLineAndExitCode2() {
    String url = server.url() + "/";
    String[][] cases = {
      {"-n 0 -c 1 " + url, "-n must be between 1 and 10000000, got 0"},
      {"-n -5 -c 1 " + url, "-n must be between 1 and 10000000, got -5"},
      {"-n 10 -c 0 " + url, "-c must be between 1 and 10000, got 0"},
      {"-n 10 -c -2 " + url, "-c must be between 1 and 10000, got -2"},
      {
        "-n 5 -c 10 " + url,
        "-c 10 is more than -n 5: a worker would have nothing to send (ab refuses this too)"
      },
      {"-n 10 -s 0s " + url, "-s must be more than 0, e.g. 30s"},
      {"-n 10 localhost:8001/", "'localhost:8001/' has no scheme: write http://localhost:8001/"},
      {
        "-n 10 https://localhost:8001/",
        "'https://localhost:8001/': only http:// URLs work here (the workshop's servers speak"
            + " plain HTTP), not https://"
      },
    };
    for (String[] c : cases) {
      ToolRun run = ToolRun.of(("bench " + c[0]).split(" "));
      assertThat(run.code()).as(c[0]).isEqualTo(2);
      assertThat(run.err()).as(c[0]).isEqualTo("error: " + c[1] + "\n");
      assertThat(run.out()).as(c[0]).isEmpty();
    }
    ToolRun words = ToolRun.of("bench", "-n", "many", url);
    assertThat(words.code()).isEqualTo(2);
    assertThat(words.err()).startsWith("error: Invalid value for option '--requests': 'many'");
  }
}
