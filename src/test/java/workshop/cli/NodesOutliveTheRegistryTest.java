package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.support.http.CallFailure;
import workshop.support.http.WebClient;
import workshop.support.proc.ProcessRecords;

/**
 * The nodes a registry starts are machines of their own: recorded where {@code down} looks, alive
 * after the registry stops (SIGTERM, Ctrl+C) or crashes ({@code kill -9}), re-registering with the
 * next registry by themselves; {@code down} stops them.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NodesOutliveTheRegistryTest {
  @TempDir Path state;

  @Test
  void aScaledUpNodeOutlivesARegistryStopAndCrashAndDownStopsIt() throws Exception {
    int port = WorkshopJvm.freePort();
    String url = "http://127.0.0.1:" + port;
    ProcessRecords records = new ProcessRecords(state);
    WorkshopJvm registry = null;
    try (WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      registry = startRegistry(port);
      int status = http.post(url + "/scale-up").status();
      assertThat(status).isEqualTo(200);
      awaitAlive(http, url, 1);
      ProcessHandle node =
          ProcessHandle.of(records.find("node-1").orElseThrow().pid()).orElseThrow();

      // A normal stop (SIGTERM, as Ctrl+C or ./workshop stop registry send) leaves it running.
      ProcessHandle.of(registry.pid()).orElseThrow().destroy();
      assertThat(registry.awaitExit(Duration.ofSeconds(20))).isTrue();
      assertThat(registry.output())
          .contains(
              "The node this registry started keeps running and re-registers with the next"
                  + " registry; ./workshop down stops it.");
      assertThat(node.isAlive()).isTrue();
      if (!System.getProperty("os.name").toLowerCase().contains("win")) {
        // Ctrl+C in the registry's terminal reaches the node too; it ignores it.
        new ProcessBuilder("kill", "-INT", Long.toString(node.pid())).start().waitFor();
        Thread.sleep(500);
        assertThat(node.isAlive()).as("alive after SIGINT").isTrue();
      }

      registry = startRegistry(port);
      awaitAlive(http, url, 1);

      // A crash: the node keeps running, unsupervised, and is still recorded.
      ProcessHandle.of(registry.pid()).orElseThrow().destroyForcibly();
      assertThat(registry.awaitExit(Duration.ofSeconds(20))).isTrue();
      Thread.sleep(500);
      assertThat(node.isAlive()).isTrue();
      assertThat(records.find("node-1")).isPresent();

      registry = startRegistry(port);
      awaitAlive(http, url, 1);

      WorkshopJvm down = WorkshopJvm.run(state, "down");
      // The registry was typed by hand, so it is not the toolkit's to stop; the node is.
      assertThat(down.lines()).containsExactly("Stopped node-1 (pid " + node.pid() + ")");
      assertThat(node.onExit().get(20, TimeUnit.SECONDS).isAlive()).isFalse();
      assertThat(records.live()).isEmpty();
    } finally {
      if (registry != null) {
        registry.close();
      }
      records.stopAll(Duration.ofSeconds(2));
    }
  }

  private WorkshopJvm startRegistry(int port) throws InterruptedException {
    WorkshopJvm registry = WorkshopJvm.start(state, "registry", "--port", Integer.toString(port));
    assertThat(registry.awaitLine(l -> l.startsWith("Cluster registry on"), Duration.ofSeconds(60)))
        .as(registry.output())
        .isTrue();
    return registry;
  }

  private static void awaitAlive(WebClient http, String url, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.get(url + "/cluster-status").json().path("alive_count").asInt() == count) {
          return;
        }
      } catch (CallFailure e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError(count + " node(s) did not become alive at " + url);
  }
}
