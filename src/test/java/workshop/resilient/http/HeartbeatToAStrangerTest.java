package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;

/**
 * A node whose registry port is held by another program (macOS's AirPlay Receiver holds 5000 and
 * answers with a whole HTML page) says so in one line, once, not the page on every heartbeat.
 */
class HeartbeatToAStrangerTest {
  private static final String PAGE =
      "<!DOCTYPE html>\n<html>\n<head><title>403 Forbidden</title></head>\n<body>\n"
          + "<h1>Forbidden</h1>\n".repeat(20)
          + "</body>\n</html>\n";

  @Test
  void aNonRegistryAnswerIsReportedInOneLineOnce() throws Exception {
    assertOneLineOnce(Response.text(403, PAGE));
  }

  @Test
  void aNonRegistryOkAnswerIsReportedInOneLineOnce() throws Exception {
    // 200 with JSON that is not a heartbeat answer: another server's API on that port.
    assertOneLineOnce(Response.json(200, java.util.Map.of("hello", "world")));
  }

  private static void assertOneLineOnce(Response answer) throws Exception {
    AtomicInteger beats = new AtomicInteger();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (WebServer stranger =
        WebServer.builder("stranger")
            .port(0)
            .routes(
                new Routes()
                    .post(
                        "/heartbeat",
                        r -> {
                          beats.incrementAndGet();
                          return answer;
                        }))
            .start()) {
      ResilientNodeServer node =
          ResilientNodeServer.start(
              "node-1",
              "127.0.0.1",
              0,
              stranger.url(),
              Duration.ofMillis(20),
              Duration.ofHours(1),
              1L,
              log);
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (beats.get() < 10 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
      } finally {
        node.close();
      }
    }
    assertThat(beats.get()).as("heartbeats sent").isGreaterThanOrEqualTo(10);
    List<String> lines =
        bytes
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains("heartbeat"))
            .toList();
    assertThat(lines).as(String.join("\n", lines)).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("[node-1] heartbeat failed (refused: http://127.0.0.1:")
        .contains("/heartbeat answered POST with " + answer.status() + ": ")
        .contains(" is not a workshop registry's answer.")
        .contains("Is another program on that port?")
        .contains("--registry http://localhost:5050");
    assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("</html>");
  }
}
