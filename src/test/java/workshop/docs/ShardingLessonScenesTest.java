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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.node.CpuMode;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.sharding.ShardingStrategy;
import workshop.sharding.http.ShardRouterServer;
import workshop.support.http.FaultPolicy;
import workshop.support.http.WebClient;

/**
 * Lesson 03's Step 4, the real shard router: the servers {@code ./workshop up 03} starts (three
 * nodes, a router with consistent hashing), here in this JVM on free ports, and the lesson's curl
 * lines run with curl against them.
 */
class ShardingLessonScenesTest {
  static final String WRITE = "writing through the router of ./workshop up 03";
  static final String ADD_REMOVE = "adding and removing a node of ./workshop up 03";
  static final String ROUTER_LOG =
      "the router's log while adding and removing a node of ./workshop up 03";

  @TempDir Path state;

  @Test
  void theRouterMovesKeysAsTheLessonShows() {
    assumeTrue(Stage.hasCurl(), "curl is not installed, so the lesson's curl lines cannot run");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    ByteArrayOutputStream routerLog = new ByteArrayOutputStream();
    List<NodeServer> nodes = new ArrayList<>();
    ShardRouterServer router = null;
    Stage stage = Stage.empty(state);
    try (WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      List<String> urls = new ArrayList<>();
      for (int id = 1; id <= 4; id++) {
        NodeServer n =
            NodeServer.start(
                new NodeConfig(id, "127.0.0.1", 0, 0, 1, CpuMode.SIMULATED, 2),
                FaultPolicy.NONE,
                quiet);
        nodes.add(n);
        stage.map(5000 + id, n.port());
        if (id < 4) {
          urls.add("http://localhost:" + n.port());
        }
      }
      router =
          ShardRouterServer.start(
              "127.0.0.1",
              0,
              urls,
              n -> ShardingStrategy.named("consistent", n),
              new PrintStream(routerLog, true, StandardCharsets.UTF_8));
      stage.map(6000, router.port());

      stage.play(WRITE);
      for (int i = 0; i < 100; i++) {
        http.postJson(router.url() + "/data", Map.of("key", "key_" + i, "value", "v" + i));
      }
      stage.play(ADD_REMOVE);
      DocTranscripts.assertMatch(ROUTER_LOG, routerLog.toString(StandardCharsets.UTF_8));
    } finally {
      if (router != null) {
        router.close();
      }
      nodes.forEach(NodeServer::close);
      stage.close();
    }
  }
}
