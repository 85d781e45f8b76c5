package workshop.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.cli.WorkshopJvm;
import workshop.support.http.CallFailure;
import workshop.support.http.WebClient;

/**
 * The basics lesson's CAP section as a student runs it: {@code ./workshop cap --mode cp} in a JVM
 * of its own (which starts the three replicas, each a JVM), on three free ports in a row; the
 * lesson's curl lines and {@code ./workshop net} commands against it; then the same with {@code
 * --mode ap}. Every block, and {@code cap}'s terminal, compared with the lesson's (masked: versions
 * and ports vary).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CapLessonScenesTest {
  static final String CP_TERMINAL = "the cap terminal in cp mode";
  static final String CP = "cp under a partition, with ./workshop cap --mode cp";
  static final String AP = "ap under a partition, with ./workshop cap --mode ap";
  static final String AP_TERMINAL = "the cap terminal after the heal in ap mode";

  @TempDir Path state;

  @Test
  void theSamePartitionRefusesInCpAndLosesAWriteInAp() throws InterruptedException {
    assumeTrue(Stage.hasCurl(), "curl is not installed, so the lesson's curl lines cannot run");
    try (WebClient http = WebClient.create(Duration.ofSeconds(2))) {
      int base = threeFreePorts();
      try (Stage stage =
              Stage.empty(state).map(6401, base).map(6402, base + 1).map(6403, base + 2);
          WorkshopJvm cap = start("cp", base)) {
        DocTranscripts.assertMatch(CP_TERMINAL, cap.output());
        stage.play(CP);
      }
      base = threeFreePorts();
      String lost = "http://127.0.0.1:" + base + "/lost";
      String read = "http://127.0.0.1:" + base + "/data/user:x";
      try (Stage stage =
              Stage.empty(state).map(6401, base).map(6402, base + 1).map(6403, base + 2);
          WorkshopJvm cap = start("ap", base)) {
        stage.play(
            AP,
            command -> {
              if (command.endsWith(":" + 6401 + "/data/user:x")) {
                // The read after the heal: anti-entropy runs every second, the doc waits one.
                Stage.await("cap-1 holds B", () -> holds(http, read, "\"value\":\"B\""), 20);
              } else if (command.endsWith("/lost")) {
                // Anti-entropy runs every second; a student reads /lost a moment after the heal.
                Stage.await("cap-1 reports the lost write", () -> reports(http, lost), 20);
              }
            });
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end
            && cap.lines().stream().filter(l -> l.contains("a write is lost")).count() < 3) {
          Thread.sleep(100);
        }
        DocTranscripts.assertMatch(AP_TERMINAL, cap.output());
      }
    }
  }

  private WorkshopJvm start(String mode, int base) throws InterruptedException {
    WorkshopJvm cap =
        WorkshopJvm.start(state, "cap", "--mode", mode, "--base-port", Integer.toString(base));
    assertTrue(
        cap.awaitLine(l -> l.startsWith("Stop everything with Ctrl+C"), Duration.ofSeconds(120)),
        () -> "cap --mode " + mode + " did not print its hints within 120 s:\n" + cap.output());
    return cap;
  }

  private static boolean holds(WebClient http, String url, String text) {
    try {
      return http.get(url).text().contains(text);
    } catch (CallFailure e) {
      return false;
    }
  }

  private static boolean reports(WebClient http, String url) {
    try {
      return !http.get(url).text().contains("\"total\":0");
    } catch (CallFailure e) {
      return false;
    }
  }

  /** The first of three free ports in a row, as {@code cap --base-port} takes them. */
  private static int threeFreePorts() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int p = WorkshopJvm.freePort();
      if (p + 2 < 65_536 && free(p + 1) && free(p + 2)) {
        return p;
      }
    }
    throw new AssertionError("no three free ports in a row after 50 tries");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
