package workshop.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;

/** {@code ./workshop http} against a real server on port 0. */
class HttpCommandTest {
  private WebServer server;

  @BeforeEach
  void start() {
    server =
        WebServer.builder("echo")
            .routes(
                new Routes()
                    .get("/hello", r -> Response.text(200, "hello"))
                    .get("/gone", r -> Response.error(404, "not_found", "nothing here"))
                    .post("/echo", r -> Response.bytes(201, Response.JSON, r.body())))
            .observe(
                new workshop.support.http.Observable() {
                  @Override
                  public Object health() {
                    return Map.of("status", "healthy");
                  }

                  @Override
                  public Object stats() {
                    return Map.of();
                  }
                })
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void getPrintsTheStatusAndTimeThenTheBody() {
    ToolRun run = ToolRun.of("http", "get", server.url() + "/hello");
    assertThat(run.code()).isZero();
    assertThat(run.out()).matches("HTTP 200 in \\d+\\.\\d ms\nhello\n");
  }

  @Test
  void postSendsTheJsonData() {
    ToolRun run = ToolRun.of("http", "post", server.url() + "/echo", "--data", "{\"key\":\"a\"}");
    assertThat(run.code()).isZero();
    assertThat(run.out()).matches("HTTP 201 in \\d+\\.\\d ms\n\\{\"key\":\"a\"}\n");
  }

  @Test
  void repeatSendsOneAfterAnotherAndSumsUp() {
    ToolRun run = ToolRun.of("http", "get", server.url() + "/hello", "--repeat", "3");
    assertThat(run.code()).isZero();
    assertThat(run.out().lines().filter(l -> l.matches("\\[\\d] HTTP 200 in .* ms"))).hasSize(3);
    assertThat(run.out())
        .containsPattern("3 requests: 3 answered, 0 without an answer; min/avg/max [\\d./]+ ms");
  }

  @Test
  void anErrorStatusIsStillAnAnswerAsInCurl() {
    ToolRun run = ToolRun.of("http", "get", server.url() + "/gone");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("HTTP 404").contains("nothing here");
  }

  @Test
  void nothingListeningIsOneLineAndExitCode1() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ToolRun run = ToolRun.of("http", "get", "http://127.0.0.1:" + port + "/");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("error: refused: nothing is listening on 127.0.0.1:" + port + "\n");
  }

  @Test
  void noAnswerInTimeIsOneLineAndExitCode1() throws Exception {
    // A socket that accepts (the backlog does) and never answers.
    try (ServerSocket silent = new ServerSocket(0)) {
      ToolRun run =
          ToolRun.of(
              "http",
              "get",
              "http://127.0.0.1:" + silent.getLocalPort() + "/",
              "--timeout",
              "300ms");
      assertThat(run.code()).isEqualTo(1);
      assertThat(run.err())
          .isEqualTo(
              "error: timeout: no answer from 127.0.0.1:"
                  + silent.getLocalPort()
                  + " within 300 ms\n");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "get localhost:8001|'localhost:8001' has no scheme: write http://localhost:8001/",
        "get ftp://localhost:8001/|'ftp://localhost:8001/': only http:// URLs work here (the"
            + " workshop's servers speak plain HTTP), not ftp://",
        "get http://|'http://' is not a URL: Expected authority",
        "get http://localhost:99999/|'http://localhost:99999/': the port must be between 1 and"
            + " 65535",
        "delete http://localhost:8001/|'delete' is not a method here: use get or post",
        "get http://localhost:8001/ --repeat 0|--repeat must be between 1 and 10000, got 0 (for"
            + " load, use ./workshop bench)",
        "get http://localhost:8001/ --repeat -3|--repeat must be between 1 and 10000, got -3 (for"
            + " load, use ./workshop bench)",
        "get http://localhost:8001/ --data {}|--data goes with post: ./workshop http post URL"
            + " --data '{...}'",
        "get http://localhost:8001/ --timeout 0s|--timeout must be more than 0, e.g. 5s",
      })
  void badInputIsOneLineAndExitCode2(String args, String message) {
    ToolRun run = ToolRun.of(("http " + args).split(" "));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: " + message + "\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void dataThatIsNotJsonIsRefusedBeforeSending() {
    ToolRun run = ToolRun.of("http", "post", server.url() + "/echo", "--data", "{key:a}");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: --data is not JSON (").endsWith("'\n");
    assertThat(run.err().lines()).hasSize(1);
  }
}
