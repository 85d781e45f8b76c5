package workshop.breaker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workshop.breaker.http.FlakyServer;
import workshop.cli.Cli;
import workshop.support.http.WebClient;

/** {@code viz breaker} against a real failing server, in plain mode (no terminal in tests). */
class BreakerVizCommandTest {
  @Test
  void printsOneLinePerCallWithTheTransitionItCaused() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try (FlakyServer server =
            FlakyServer.start(
                "127.0.0.1",
                0,
                new SplittableRandom(1),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        WebClient http = WebClient.create(java.time.Duration.ofSeconds(5))) {
      http.post(server.url() + "/fail");
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      int code =
          Cli.commandLine()
              .execute(
                  "viz",
                  "breaker",
                  "--target",
                  server.url() + "/",
                  "--calls",
                  "5",
                  "--every",
                  "10ms");
      assertThat(code).isZero();
    } finally {
      System.setOut(original);
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("CLOSED    failures=1  #1 500");
    assertThat(lines.get(1)).startsWith("CLOSED    failures=2  #2 500");
    assertThat(lines.get(2))
        .startsWith("OPEN      failures=3  #3 500")
        .endsWith(">> Circuit split: Entering OPEN state (Failures: 3)");
    assertThat(lines.get(3)).startsWith("OPEN      failures=3  #4 REJECTED");
    assertThat(lines.get(4)).startsWith("OPEN      failures=3  #5 REJECTED");
  }
}
