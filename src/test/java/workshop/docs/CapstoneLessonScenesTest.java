package workshop.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.cli.WorkshopJvm;
import workshop.support.http.CallFailure;
import workshop.support.http.WebClient;

/**
 * Module 23 as the README and the lesson show it, with real processes: {@code ./workshop up} (the
 * same output read as {@code up 23 --port registry=5050} prints it), the manual's Steps 4 to 7, the
 * certificate before and after the scale-up, the registry's restart answers, the dashboard, the
 * load test and the smart client (these in this JVM, against the module's registry), and a restart
 * of the registry; then {@code up} with the registry's port taken, and a node started by hand
 * against a program that is not a registry.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CapstoneLessonScenesTest {
  static final String UP = "./workshop up";
  static final String UP_5050 = "./workshop up 23 --port registry=5050";
  static final String STATUS_5050 =
      "curl http://localhost:5050/cluster-status, under ./workshop up 23 --port registry=5050";
  static final String LOAD_7 =
      "./workshop load-test --seed 7 --read-back, three nodes under ./workshop up";
  static final String STEP4 = "Step 4 under ./workshop up";
  static final String STEP5 = "Step 5 under ./workshop up";
  static final String GRADUATE_5 =
      "curl http://localhost:5000/graduate between Step 5 and Step 6 under ./workshop up";
  static final String ONCE_5 = "./workshop dashboard --once, after Step 5 under ./workshop up";
  static final String STEP6 = "Step 6 under ./workshop up";
  static final String GRADUATE_6 =
      "curl http://localhost:5000/graduate after Step 6 under ./workshop up";
  static final String RESTARTS =
      "restarting nodes through the registry, after Step 6 under ./workshop up";
  static final String ONCE_6 = "./workshop dashboard --once, after Step 6 under ./workshop up";
  static final String CLIENT =
      "./workshop cluster-client write user:alice Alice, under ./workshop up";
  static final String LOAD_8 =
      "./workshop load-test --requests 200 --seed 8 --read-back, four nodes under ./workshop up";
  static final String REGISTRY_RESTART =
      "up's terminal as ./workshop restart registry restarts the registry";
  static final String TAKEN = "./workshop up, with port 5000 taken";
  static final String NOT_A_REGISTRY =
      "./workshop resilient-node --port 5001 --id node-1, with a program that is not a registry on"
          + " port 5000";

  @TempDir Path state;

  @Test
  void theManualsStepsUnderUpShowWhatTheReadmeAndTheLessonShow() throws InterruptedException {
    assumeTrue(Stage.hasCurl(), "curl is not installed, so the lesson's curl lines cannot run");
    try (Stage stage = Stage.up("23", state);
        WebClient http = WebClient.create(Duration.ofSeconds(2))) {
      String registry = "http://localhost:" + stage.port(5000);
      stage.map(5050, stage.port(5000)).inProcess();
      for (String command :
          List.of("./workshop load-test", "./workshop dashboard", "./workshop cluster-client")) {
        stage.extra(command, "--registry", registry);
      }
      Stage.await("three nodes alive", () -> alive(http, registry) == 3, 60);
      stage.awaitUp(UP, Duration.ofSeconds(20));
      stage.awaitUp(UP_5050, List.of("registry=5050"), Duration.ofSeconds(20));
      // As in class, the nodes have been up a few seconds: each has heartbeated again.
      Stage.await("every node heard again", () -> heardAgain(http, registry), 30);
      stage.play(STATUS_5050);
      stage.play(LOAD_7);

      stage.play(STEP4);
      stage.play(STEP5);
      stage.play(GRADUATE_5);
      stage.play(ONCE_5);

      stage.play(STEP6);
      assertThat(stage.awaitUpLine(l -> l.contains("joined the ring"), Duration.ofSeconds(60)))
          .as("node-4 did not join within 60 s:\n%s", stage.upOutput())
          .isPresent();
      stage.play(GRADUATE_6);
      stage.play(RESTARTS);
      Stage.await("node-2 alive again", () -> alive(http, registry) == 4, 60);
      stage.play(ONCE_6);
      stage.play(CLIENT);
      stage.play(LOAD_8);

      // In up's directory, where up keeps what it started (this stage runs other commands here).
      WorkshopJvm restart = WorkshopJvm.run(state, "restart", "registry");
      assertThat(restart.exitCode()).as("restart registry:\n%s", restart.output()).isZero();
      stage.awaitUp(REGISTRY_RESTART, Duration.ofSeconds(60));
    }
  }

  @Test
  void upWithTheRegistrysPortTakenStartsNothingAndSaysWhatToDo() throws IOException {
    try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Stage stage = Stage.empty(state)) {
      stage.map(5000, held.getLocalPort());
      stage.extra(
          "./workshop up",
          "--port",
          "registry=" + held.getLocalPort(),
          "--port",
          "node-1=" + stage.port(5001),
          "--port",
          "node-2=" + stage.port(5002),
          "--port",
          "node-3=" + stage.port(5003));
      stage.play(TAKEN);
    }
  }

  @Test
  void aNodeAgainstAProgramThatIsNotARegistrySaysSoInOneLine() throws Exception {
    // A stand-in for the README's case, Python's http.server on the registry's port: its 501 page.
    byte[] page;
    try (InputStream in = getClass().getResourceAsStream("/docs/python-http-server-501.html")) {
      page = in.readAllBytes();
    }
    HttpServer other =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    other.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "text/html;charset=utf-8");
          exchange.sendResponseHeaders(501, page.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(page);
          }
        });
    other.start();
    int node = WorkshopJvm.freePort();
    try (WorkshopJvm jvm =
        WorkshopJvm.start(
            state,
            "resilient-node",
            "--port",
            Integer.toString(node),
            "--id",
            "node-1",
            "--registry",
            "http://localhost:" + other.getAddress().getPort())) {
      assertThat(jvm.awaitLine(l -> l.contains("heartbeat failed"), Duration.ofSeconds(60)))
          .as(jvm.output())
          .isTrue();
      DocTranscripts.assertMatch(
          NOT_A_REGISTRY, "$ ./workshop resilient-node --port 5001 --id node-1\n" + jvm.output());
    } finally {
      other.stop(0);
    }
  }

  private static boolean heardAgain(WebClient http, String registry) {
    try {
      var nodes = http.get(registry + "/cluster-status").json().path("nodes");
      for (var n : nodes) {
        if (!n.path("reason").asText().equals("heartbeat")) {
          return false;
        }
      }
      return nodes.size() == 3;
    } catch (CallFailure e) {
      return false;
    }
  }

  private static int alive(WebClient http, String registry) {
    try {
      return http.get(registry + "/cluster-status").json().path("alive_count").asInt();
    } catch (CallFailure e) {
      return 0;
    }
  }
}
