package workshop.resilient.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import workshop.resilient.LoadTally;
import workshop.resilient.http.LoadTestClient;
import workshop.resilient.http.RegistryServer;
import workshop.resilient.http.ResilientNodeServer;
import workshop.resilient.http.TestCluster;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;

/** The load test against a registry and three nodes in this JVM, on real ports. */
class LoadTestCommandTest {
  private final PrintStream log =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private TestCluster cluster;
  private RegistryServer registry;
  private List<ResilientNodeServer> nodes;

  @BeforeEach
  void start() throws Exception {
    cluster = TestCluster.start(log);
    registry = cluster.registry();
    nodes = cluster.nodes();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private LoadTally.Table run(int requests, int concurrency) {
    try (LoadTestClient client = new LoadTestClient(registry.url(), Duration.ofSeconds(5))) {
      return LoadTestCommand.run(
          client, LoadTally.keys(new SplittableRandom(7), requests), concurrency, true, out);
    }
  }

  @Test
  void theCountsAddUpAndEveryAcknowledgedKeyReadsBack() {
    LoadTally.Table t = run(60, 4);
    assertThat(t.requests()).isEqualTo(60);
    assertThat(t.acknowledged() + t.failures().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(60);
    assertThat(t.acknowledged()).isEqualTo(60);
    // Three nodes, three replicas per key: every node is a replica of every key. Each write was
    // acknowledged by at least W=2 of them before the registry answered (a third that answers
    // more than 50 ms after the quorum, as on a busy machine, is not counted, though it stores).
    assertThat(t.nodes())
        .extracting(LoadTally.NodeRow::node)
        .containsExactly("node-1", "node-2", "node-3");
    assertThat(t.nodes()).allMatch(r -> r.replicaFor() == 60 && r.writes() <= 60);
    assertThat(t.nodes().stream().mapToInt(LoadTally.NodeRow::writes).sum())
        .isBetween(2 * 60, 3 * 60);
    assertThat(t.readBack()).hasSize(60);
    assertThat(t.readBackProblems()).isEmpty();
    assertThat(t.verdict().evenness()).isEqualTo(LoadTally.Evenness.EVEN);
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines().filter(l -> l.startsWith("  ") && l.contains("/60: ")))
        .as("progress every 10 requests")
        .hasSize(6);
    assertThat(printed).contains("  60/60: 60 acknowledged, 0 failed;");
  }

  @Test
  void withANodeDownItStaysAReplicaButStoresNothingAndNothingIsLost() {
    nodes.get(1).close();
    LoadTally.Table t = run(20, 1);
    assertThat(t.acknowledged()).isEqualTo(20);
    assertThat(t.nodes())
        .containsExactly(
            new LoadTally.NodeRow("node-1", 20, 20, 100.0),
            new LoadTally.NodeRow("node-2", 0, 20, 100.0),
            new LoadTally.NodeRow("node-3", 20, 20, 100.0));
    assertThat(t.readBackProblems()).isEmpty();
  }

  @Test
  void aServerThatIsNotARegistryIsNamedAsSuch() {
    WebServer impostor =
        WebServer.builder("impostor")
            .host("127.0.0.1")
            .port(0)
            .routes(
                new Routes()
                    .get("/cluster-status", r -> Response.text(200, "<html>It works!</html>"))
                    .post("/data", r -> Response.text(200, "<html>It works!</html>")))
            .start();
    try (LoadTestClient client = new LoadTestClient(impostor.url(), Duration.ofSeconds(5))) {
      assertThatThrownBy(client::aliveNodes)
          .hasMessage(
              impostor.url()
                  + " answered GET /cluster-status with 200 '<html>It works!</html>', which is not a"
                  + " registry's answer; is --registry the registry's URL?");
      LoadTally.Write w = client.write("test:k", "v");
      assertThat(w.outcome()).isEqualTo(LoadTally.Outcome.OTHER);
      assertThat(w.detail())
          .isEqualTo("answered 200 without replica_nodes: '<html>It works!</html>'");
    } finally {
      impostor.close();
    }
  }
}
