package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.support.http.WebClient;
import workshop.support.proc.ProcessRecords;

/**
 * {@code up}, {@code restart}, {@code stop} and {@code down} as a student runs them: each a JVM of
 * its own, module 01 moved onto free ports with {@code --port}, state in a test folder.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UpRestartStopDownTest {
  @TempDir Path state;

  @Test
  void restartOneNodeWithLoadStopAnotherThenDownStopsTheRest() throws Exception {
    int p1 = WorkshopJvm.freePort();
    int p2 = WorkshopJvm.freePort();
    int p3 = WorkshopJvm.freePort();
    ProcessRecords records = new ProcessRecords(state);
    try (WorkshopJvm up =
            WorkshopJvm.start(
                state,
                "up",
                "01",
                "--port",
                "node-1=" + p1,
                "--port",
                "node-2=" + p2,
                "--port",
                "node-3=" + p3);
        WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      assertThat(up.awaitLine(l -> l.startsWith("One process:"), Duration.ofSeconds(90)))
          .as(up.output())
          .isTrue();
      assertThat(up.output())
          .contains("Ports moved: node-1 5001 -> " + p1)
          .contains("  curl http://localhost:" + p1 + "/health");
      long node1 = records.find("node-1").orElseThrow().pid();
      long node2 = records.find("node-2").orElseThrow().pid();

      // Phase 4 of module 01: node 2 again with load, nodes 1 and 3 untouched.
      WorkshopJvm restart = WorkshopJvm.run(state, "restart", "node-2", "--load-factor", "35");
      assertThat(restart.exitCode()).as(restart.output()).isZero();
      assertThat(restart.lastLine())
          .startsWith("Restarted node-2 (pid ")
          .endsWith(
              "): ./workshop node --port "
                  + p2
                  + " --id 2 --load-factor 35. Its output is in up's terminal.");
      long newNode2 = records.find("node-2").orElseThrow().pid();
      assertThat(newNode2).isNotEqualTo(node2);
      assertThat(ProcessHandle.of(node2).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(records.find("node-1").orElseThrow().pid()).isEqualTo(node1);
      assertThat(http.get("http://127.0.0.1:" + p2 + "/stats").json().path("load_factor").asInt())
          .isEqualTo(35);
      assertThat(up.output())
          .contains("restart node-2: stopping pid " + node2 + ", then starting ./workshop node");

      // A flag the node does not have changes nothing.
      WorkshopJvm bad = WorkshopJvm.run(state, "restart", "node-2", "--load", "35");
      assertThat(bad.exitCode()).isEqualTo(1);
      assertThat(bad.lastLine())
          .isEqualTo(
              "error: restart node-2 failed: node has no option --load; `./workshop node --help`"
                  + " lists them");
      assertThat(records.find("node-2").orElseThrow().pid()).isEqualTo(newNode2);

      // Module 07's micro-challenge, here on module 01: one process stopped, the others run.
      WorkshopJvm stop = WorkshopJvm.run(state, "stop", "node-3");
      assertThat(stop.lastLine())
          .startsWith("Stopped node-3 (pid ")
          .endsWith("); ./workshop restart node-3 starts it again.");
      assertThat(WorkshopJvm.listens(p3)).isFalse();
      assertThat(WorkshopJvm.listens(p1)).isTrue();
      assertThat(up.alive()).isTrue();

      WorkshopJvm down = WorkshopJvm.run(state, "down");
      assertThat(down.output())
          .contains("Stopped up (pid " + up.pid() + ")")
          .contains("Stopped node-1 (pid " + node1 + ")")
          .contains("Stopped node-2 (pid " + newNode2 + ")");
      assertThat(up.awaitExit(Duration.ofSeconds(20))).isTrue();
      assertThat(WorkshopJvm.listens(p1) || WorkshopJvm.listens(p2)).isFalse();
      assertThat(records.live()).isEmpty();
      assertThat(WorkshopJvm.run(state, "restart", "node-2").lastLine())
          .isEqualTo(
              "error: no `./workshop up` is running from this folder, so there is no node-2 to"
                  + " restart; start a module first, e.g. ./workshop up 01");
    } finally {
      records.stopAll(Duration.ofSeconds(2));
    }
  }

  @Test
  void upWithAPortInUseStartsNothingAndSaysWhoHoldsItLast() throws Exception {
    int p2 = WorkshopJvm.freePort();
    ProcessRecords records = new ProcessRecords(state);
    try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int p1 = held.getLocalPort();
      WorkshopJvm up =
          WorkshopJvm.run(
              state,
              "up",
              "01",
              "--port",
              "node-1=" + p1,
              "--port",
              "node-2=" + p2,
              "--port",
              "node-3=" + WorkshopJvm.freePort());
      assertThat(up.exitCode()).isEqualTo(1);
      String holder =
          java.nio.file.Files.isReadable(Path.of("/proc/net/tcp"))
              ? "which is in use by pid " + ProcessHandle.current().pid() + " ("
              : "which is in use by ";
      assertThat(up.lastLine())
          .startsWith(
              "up 01 stopped before starting anything: node-1 cannot listen on port "
                  + p1
                  + ", "
                  + holder)
          .contains("Stop that program, or move node-1: ./workshop up 01 --port node-2=" + p2);
      assertThat(records.live()).isEmpty();
      assertThat(WorkshopJvm.listens(p2)).isFalse();
    } finally {
      records.stopAll(Duration.ofSeconds(2));
    }
  }
}
