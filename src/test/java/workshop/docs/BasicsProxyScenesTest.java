package workshop.docs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.cli.WorkshopJvm;
import workshop.support.http.WebClient;

/**
 * The basics lesson's proxy section as a student runs it: {@code ./workshop up 01}, then {@code
 * ./workshop proxy} in front of node-1 in a terminal of its own, and the lesson's curl and {@code
 * net} lines in another; both terminals compared with the lesson's blocks (masked).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BasicsProxyScenesTest {
  static final String PROXY_TERMINAL = "the proxy's terminal in front of node-1";
  static final String PROXY = "the proxy in front of node-1";

  @TempDir Path state;

  @Test
  void aProxyInFrontOfANodeTakesTheSameNetFaults() throws InterruptedException {
    assumeTrue(Stage.hasCurl(), "curl is not installed, so the lesson's curl lines cannot run");
    try (Stage stage = Stage.up("01", state)) {
      int listen = stage.port(9000);
      String command = "./workshop proxy --listen 9000 --upstream 127.0.0.1:5001";
      try (WorkshopJvm proxy =
          WorkshopJvm.start(
              state,
              "proxy",
              "--listen",
              "" + listen,
              "--upstream",
              "127.0.0.1:" + stage.port(5001))) {
        proxy.awaitLine(l -> l.startsWith("Status and faults on"), Duration.ofSeconds(60));
        DocTranscripts.assertMatch(PROXY_TERMINAL, "$ " + command + "\n" + proxy.output());
        warmUp(stage, proxy);
        stage.play(PROXY);
      }
    }
  }

  /**
   * Asks every server once for what is in force, with time to answer: a server's first answer after
   * its JVM starts can take seconds on a busy machine, longer than {@code net} waits, and a student
   * reaches this section with servers that have answered before.
   */
  private static void warmUp(Stage stage, WorkshopJvm proxy) {
    String admin =
        proxy.lines().stream()
            .filter(l -> l.startsWith("Status and faults on "))
            .map(l -> l.replaceFirst("^Status and faults on (\\S+) .*$", "$1"))
            .findFirst()
            .orElseThrow();
    try (WebClient http = WebClient.create(Duration.ofSeconds(30))) {
      for (int port : new int[] {5001, 5002, 5003}) {
        http.get("http://127.0.0.1:" + stage.port(port) + "/fault/net");
      }
      http.get(admin + "/fault/net");
    }
  }
}
