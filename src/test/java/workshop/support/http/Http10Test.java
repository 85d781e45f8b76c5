package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;

/**
 * HTTP/1.0 on a real socket: answered (not refused with 505), closed after the answer unless the
 * request asked for keep-alive, kept open and saying so when it did, with every body framed by its
 * Content-Length. {@code ab}, which speaks only HTTP/1.0, runs against a node with and without
 * {@code -k} and counts no failure. The other versions ({@code HTTP/0.9}, HTTP/2 with prior
 * knowledge) are refused with JSON in {@link HostileClientsTest}.
 */
class Http10Test {
  private static NodeServer node() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return NodeServer.start(new NodeConfig(1, "127.0.0.1", 0, 0, 1), FaultPolicy.NONE, quiet);
  }

  @Test
  void answersAnHttp10RequestAndClosesTheConnectionAfterIt() throws Exception {
    try (NodeServer node = node();
        RawHttp client = new RawHttp(node.port())) {
      RawHttp.Answer answer = client.send("GET /health HTTP/1.0\r\nHost: x\r\n\r\n").read();

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Connection")).isEqualTo("close");
      // No chunked encoding in HTTP/1.0: the body's end is its length.
      assertThat(answer.header("Transfer-Encoding")).isNull();
      assertThat(Integer.parseInt(answer.header("Content-Length")))
          .isEqualTo(answer.body().getBytes(StandardCharsets.UTF_8).length);
      assertThat(answer.body()).contains("\"status\":\"ok\"");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void keepsAnHttp10ConnectionOpenWhenTheRequestAsksAndSaysSoInTheAnswer() throws Exception {
    try (NodeServer node = node();
        RawHttp client = new RawHttp(node.port())) {
      String keepAlive = "GET /health HTTP/1.0\r\nHost: x\r\nConnection: Keep-Alive\r\n\r\n";
      RawHttp.Answer first = client.send(keepAlive).read();
      RawHttp.Answer second = client.send(keepAlive).read();
      // The third asks nothing of the connection: HTTP/1.0's default is to close.
      RawHttp.Answer third = client.send("GET /keys HTTP/1.0\r\nHost: x\r\n\r\n").read();

      assertThat(List.of(first.status(), second.status(), third.status())).containsOnly(200);
      assertThat(first.header("Connection")).isEqualTo("keep-alive");
      assertThat(second.header("Connection")).isEqualTo("keep-alive");
      assertThat(third.header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void readsAnHttp10BodyByItsContentLength() throws Exception {
    try (NodeServer node = node();
        RawHttp client = new RawHttp(node.port())) {
      String body = "{\"key\":\"user:1\",\"value\":\"alice\"}";
      RawHttp.Answer stored =
          client
              .send(
                  "POST /data HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n"
                      + "Content-Type: application/json\r\nContent-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body)
              .read();
      RawHttp.Answer read = client.send("GET /data/user:1 HTTP/1.0\r\nHost: x\r\n\r\n").read();

      assertThat(stored.status()).as(stored.body()).isEqualTo(200);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.body()).contains("alice");
    }
  }

  @Test
  void oneConnectionMayCarryHttp11AndHttp10RequestsInTurn() throws Exception {
    try (NodeServer node = node();
        RawHttp client = new RawHttp(node.port())) {
      RawHttp.Answer a = client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read();
      RawHttp.Answer b =
          client.send("GET /health HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n").read();
      RawHttp.Answer c = client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read();

      assertThat(List.of(a.status(), b.status(), c.status())).containsOnly(200);
      // HTTP/1.1 keeps the connection by default and says nothing; 1.0 must be told.
      assertThat(a.header("Connection")).isNull();
      assertThat(b.header("Connection")).isEqualTo("keep-alive");
      assertThat(c.header("Connection")).isNull();
    }
  }

  @Test
  void saysThatAnHttp10RequestNeedsAHostHeader() throws Exception {
    try (NodeServer node = node();
        RawHttp client = new RawHttp(node.port())) {
      RawHttp.Answer answer = client.send("GET /health HTTP/1.0\r\n\r\n").read();

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body())
          .contains("an HTTP/1.0 request needs a Host header")
          .contains("Host: localhost");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void anHttp10VersionInAHeaderValueIsNotTakenForARequestLine() throws Exception {
    try (NodeServer node = node();
        RawHttp client = new RawHttp(node.port())) {
      RawHttp.Answer answer =
          client
              .send(
                  "GET /health HTTP/1.1\r\nHost: x\r\nConnection: x HTTP/1.0\r\n\r\n"
                      + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
              .read();
      RawHttp.Answer next = client.read();

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Connection")).isNull();
      assertThat(next.status()).isEqualTo(200);
    }
  }

  @Test
  void abCountsNoFailureWithOrWithoutKeepAlive() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ab")), "ab (apache2-utils) is not installed");
    try (NodeServer node = node()) {
      String url = "http://127.0.0.1:" + node.port() + "/health";
      for (List<String> flags : List.<List<String>>of(List.of(), List.of("-k"))) {
        Deque<String> cmd = new ArrayDeque<>(List.of("-q", "-n", "300", "-c", "4"));
        cmd.addAll(flags);
        cmd.addFirst("/usr/bin/ab");
        cmd.addLast(url);
        Process ab = new ProcessBuilder(List.copyOf(cmd)).redirectErrorStream(true).start();
        String report = new String(ab.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ab.waitFor(60, TimeUnit.SECONDS)).as("ab ended").isTrue();

        assertThat(report)
            .as("ab %s\n%s", flags, report)
            .contains("Complete requests:      300")
            .contains("Failed requests:        0")
            .doesNotContain("Non-2xx");
        if (flags.contains("-k")) {
          assertThat(report).contains("Keep-Alive requests:    300");
        }
      }
    }
  }
}
