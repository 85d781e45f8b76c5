package workshop.support.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import workshop.support.http.CallFailure;

/**
 * The load loop against raw sockets that answer what a workshop server never would: connections
 * closed after every answer, chunked and unframed bodies, garbage, answers cut short.
 */
class LoadLoopTest {
  @Test
  void aKeptConnectionTheServerClosedIsSentAgainOnANewOne() throws Exception {
    // Keep-alive as far as the headers go, but the server closes after each answer.
    try (RawServer server =
        new RawServer(request -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true)) {
      LoadReport report = run(server, 1, 20, true, null);
      assertThat(report.overall().ok()).isEqualTo(20);
      assertThat(report.overall().errors()).isZero();
      assertThat(server.connections.get()).isEqualTo(20);
    }
  }

  @Test
  void keepAliveUsesOneConnectionPerSlotAndWithoutItOnePerRequest() throws Exception {
    String answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    try (RawServer server = new RawServer(request -> answer, false)) {
      run(server, 3, 30, true, null);
      assertThat(server.connections.get()).isEqualTo(3);
      assertThat(server.requests).allSatisfy(r -> assertThat(r).doesNotContain("Connection:"));
    }
    try (RawServer server = new RawServer(request -> answer, false)) {
      run(server, 3, 30, false, null);
      assertThat(server.connections.get()).isEqualTo(30);
      assertThat(server.requests).allSatisfy(r -> assertThat(r).contains("Connection: close\r\n"));
    }
  }

  @Test
  void sendsTheRequestWithHostHeadersAndBody() throws Exception {
    try (RawServer server =
        new RawServer(request -> "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", false)) {
      LoadPlan plan =
          new LoadPlan(
              List.of("http://127.0.0.1:" + server.port()),
              "POST",
              "/data?x=1",
              "{\"key\":\"k\"}".getBytes(StandardCharsets.UTF_8),
              1,
              1,
              null,
              Duration.ofSeconds(5));
      new LoadGenerator(plan).run(null);
      assertThat(server.requests.get(0))
          .isEqualTo(
              "POST /data?x=1 HTTP/1.1\r\nHost: 127.0.0.1:"
                  + server.port()
                  + "\r\nUser-Agent: dsworkshop\r\nX-Workshop-Peer: load-client\r\n"
                  + "Content-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                  + "{\"key\":\"k\"}");
    }
  }

  @Test
  void chunkedLargeAndUnframedBodiesAreAnswersCountedByteForByte() throws Exception {
    String big = "x".repeat(200_000); // more than the loop reads at once
    String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
    String large = "HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n" + big;
    String toClose = "HTTP/1.1 200 OK\r\n\r\nuntil the end";
    for (String answer : List.of(chunked, large, toClose)) {
      try (RawServer server = new RawServer(request -> answer, answer == toClose)) {
        LoadGenerator generator = new LoadGenerator(plan(server, 2, 10, true)).countBytes();
        LoadReport report = generator.run(null);
        assertThat(report.overall().ok()).as(answer.substring(0, 30)).isEqualTo(10);
        LoadGenerator.Transfer bytes = generator.transfer();
        assertThat(bytes.headBytes() + bytes.bodyBytes()).isEqualTo(10L * answer.length());
      }
    }
  }

  @Test
  void garbageIsAnIoFailureAndAnAnswerCutShortIsAReset() throws Exception {
    List<LoadGenerator.Outcome> outcomes = new CopyOnWriteArrayList<>();
    try (RawServer server = new RawServer(request -> "SSH-2.0-OpenSSH_9.6\r\n", true)) {
      LoadReport report = run(server, 1, 3, true, outcomes::add);
      assertThat(report.overall().io()).isEqualTo(3);
      assertThat(outcomes.get(0).failure().getMessage())
          .isEqualTo(
              "127.0.0.1:"
                  + server.port()
                  + " answered with a malformed HTTP message: the answer does not start with"
                  + " HTTP/1.x and a status: 'SSH-2.0-OpenSSH_9.6'");
    }
    outcomes.clear();
    try (RawServer server =
        new RawServer(request -> "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", true)) {
      LoadReport report = run(server, 1, 3, true, outcomes::add);
      assertThat(report.overall().resets()).isEqualTo(3);
      assertThat(outcomes.get(0).failure().kind()).isEqualTo(CallFailure.Kind.RESET);
      assertThat(outcomes.get(0).failure().getMessage())
          .endsWith("closed the connection in the middle of its answer");
    }
  }

  @Test
  void aPathWithALineBreakIsRefusedBeforeAnythingIsSent() {
    LoadPlan plan =
        new LoadPlan(
            List.of("http://127.0.0.1:1"),
            "GET",
            "/a\r\nX-Evil: 1",
            null,
            1,
            1,
            null,
            Duration.ofSeconds(1));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoadGenerator(plan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("may not hold spaces or control characters");
  }

  private static LoadPlan plan(RawServer server, int concurrency, int requests, boolean keep) {
    return new LoadPlan(
        List.of("http://127.0.0.1:" + server.port()),
        "GET",
        "/",
        null,
        concurrency,
        requests,
        null,
        Duration.ofSeconds(5),
        keep);
  }

  private static LoadReport run(
      RawServer server,
      int concurrency,
      int requests,
      boolean keep,
      java.util.function.Consumer<LoadGenerator.Outcome> onOutcome) {
    return new LoadGenerator(plan(server, concurrency, requests, keep)).run(onOutcome);
  }

  /** Reads request heads (and Content-Length bodies) and writes a scripted answer to each. */
  private static final class RawServer implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0);
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Function<String, String> answer;
    private final boolean closeAfterEach;

    RawServer(Function<String, String> answer, boolean closeAfterEach) throws IOException {
      this.answer = answer;
      this.closeAfterEach = closeAfterEach;
      Thread.ofVirtual().start(this::accept);
    }

    int port() {
      return socket.getLocalPort();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          connections.incrementAndGet();
          Thread.ofVirtual().start(() -> serve(s));
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s;
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream()) {
        String request;
        while ((request = read(in)) != null) {
          requests.add(request);
          out.write(answer.apply(request).getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          if (closeAfterEach) {
            return;
          }
        }
      } catch (IOException gone) {
        // the client closed: nothing to answer
      }
    }

    private static String read(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        String s = head.toString(StandardCharsets.ISO_8859_1);
        if (s.endsWith("\r\n\r\n")) {
          int at = s.indexOf("Content-Length: ");
          if (at >= 0) {
            int length = Integer.parseInt(s.substring(at + 16, s.indexOf('\r', at)));
            s += new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
          }
          return s;
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
