package workshop.docs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.balance.http.LbConfig;
import workshop.balance.http.LoadBalancerServer;
import workshop.node.CpuMode;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.ratelimit.RateLimitConfig;
import workshop.support.http.FaultPolicy;
import workshop.support.http.WebClient;

/**
 * Lesson 02's real runs: the servers {@code ./workshop up 02} starts (three nodes, a round-robin
 * balancer, a node limited to 5 requests a second per client), here in this JVM on free ports; the
 * lesson's curl lines run with curl, the views run piped, node 2 stops and comes back. Compared
 * masked, and as a selection where the lesson shows some of the lines (see {@link Transcript}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BalanceLessonScenesTest {
  static final String ROUND_ROBIN =
      "curl -i http://localhost:8080/, three times, under ./workshop up 02";
  static final String STATS = "curl http://localhost:8080/lb/stats, under ./workshop up 02";
  static final String LB_LOG =
      "the balancer's log as node 2 stops and restarts, under ./workshop up 02";
  static final String VIZ_LB =
      "./workshop viz load-balance --concurrent 3 | cat, under ./workshop up 02";
  static final String LIMITED =
      "the bad actor's 7th write and a good user's write, under ./workshop up 02";
  static final String VIZ_RATE =
      "./workshop viz rate-limit --duration 6s | cat, under ./workshop up 02";
  static final String NODE4_LOG = "the rate-limited node's log, under ./workshop up 02";

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path state;

  @Test
  void theBalancerAndTheRateLimiterDoWhatTheLessonShows() throws Exception {
    assumeTrue(Stage.hasCurl(), "curl is not installed, so the lesson's curl lines cannot run");
    List<NodeServer> nodes = new ArrayList<>();
    ByteArrayOutputStream lbLog = new ByteArrayOutputStream();
    ByteArrayOutputStream node4Log = new ByteArrayOutputStream();
    LoadBalancerServer lb = null;
    Stage stage = Stage.empty(state);
    try (WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      List<String> backends = new ArrayList<>();
      for (int id = 1; id <= 3; id++) {
        nodes.add(node(id, 0, QUIET, null));
        stage.map(5000 + id, nodes.get(id - 1).port());
        backends.add("http://localhost:" + nodes.get(id - 1).port());
      }
      NodeServer limited =
          node(
              4,
              0,
              new PrintStream(node4Log, true, StandardCharsets.UTF_8),
              new RateLimitConfig(RateLimitConfig.Strategy.TOKEN_BUCKET, 5, 5));
      nodes.add(limited);
      stage.map(5004, limited.port());
      lb =
          LoadBalancerServer.start(
              new LbConfig(
                  "127.0.0.1",
                  0,
                  backends,
                  List.of(),
                  "round-robin",
                  42,
                  LbConfig.DEFAULT_TIMEOUT,
                  LbConfig.DEFAULT_CHECK_EVERY,
                  null),
              new PrintStream(lbLog, true, StandardCharsets.UTF_8));
      stage.map(8080, lb.port());
      LoadBalancerServer balancer = lb;
      // As under up, where the student's first curl comes after the balancer's first checks.
      Stage.await(
          "every backend healthy",
          () -> {
            var backendsNow = http.get(balancer.url() + "/lb/stats").json().path("backends");
            for (var b : backendsNow) {
              if (!b.path("healthy").asBoolean()) {
                return false;
              }
            }
            return backendsNow.size() == 3;
          },
          20);

      stage.play(ROUND_ROBIN);
      for (int i = 0; i < 30; i++) {
        http.get(lb.url() + "/");
      }
      stage.play(STATS);
      DocTranscripts.assertMatch(
          VIZ_LB,
          InProcess.run(
              "viz",
              "load-balance",
              "--target",
              "http://localhost:" + lb.port(),
              "--concurrent",
              "3",
              "--duration",
              "2s"));

      // Node 2 stops; with no traffic meanwhile, the health checks notice it, then it comes back.
      int port2 = nodes.get(1).port();
      nodes.get(1).close();
      await(lbLog, "DOWN", 20);
      nodes.set(1, node(2, port2, QUIET, null));
      await(lbLog, " UP", 20);
      DocTranscripts.assertMatch(LB_LOG, lbLog.toString(StandardCharsets.UTF_8));

      for (int i = 0; i < 6; i++) {
        http.send(
            "POST",
            limited.url() + "/data",
            Map.of("Content-Type", "application/json", "X-Client-Id", "bad-actor"),
            "{\"key\":\"k\",\"value\":\"v\"}".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(5));
      }
      stage.play(LIMITED);
      DocTranscripts.assertMatch(
          VIZ_RATE,
          InProcess.run(
              "viz",
              "rate-limit",
              "--target",
              "http://localhost:" + limited.port(),
              "--duration",
              "4s"));
      DocTranscripts.assertMatch(NODE4_LOG, node4Log.toString(StandardCharsets.UTF_8));
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage() + "\nThe balancer's log:\n" + lbLog.toString(StandardCharsets.UTF_8), e);
    } finally {
      if (lb != null) {
        lb.close();
      }
      nodes.forEach(NodeServer::close);
      stage.close();
    }
  }

  private static NodeServer node(int id, int port, PrintStream log, RateLimitConfig limit) {
    return NodeServer.start(
        new NodeConfig(id, "127.0.0.1", port, 0, 1, CpuMode.SIMULATED, 2),
        FaultPolicy.NONE,
        log,
        limit);
  }

  private static void await(ByteArrayOutputStream log, String text, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!log.toString(StandardCharsets.UTF_8).contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no '"
                + text
                + "' within "
                + seconds
                + " s in:\n"
                + log.toString(StandardCharsets.UTF_8));
      }
      Stage.pause(Duration.ofMillis(50));
    }
  }
}
