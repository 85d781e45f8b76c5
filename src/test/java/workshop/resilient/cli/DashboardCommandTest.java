package workshop.resilient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import workshop.cli.Cli;
import workshop.resilient.http.RegistryServer;
import workshop.resilient.http.ResilientNodeServer;
import workshop.resilient.http.TestCluster;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/** {@code ./workshop dashboard}: its flags, a registry answering garbage, and a real cluster. */
class DashboardCommandTest {
  private record Run(int code, String out, String err) {}

  /** Runs the command with standard output captured (the dashboard prints there, as users see). */
  private static Run run(String... args) {
    CommandLine cl = Cli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = cl.execute(args);
    } finally {
      System.setOut(original);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString().strip());
  }

  @Test
  void refusesBadFlagsWithOneLine() {
    assertThat(run("dashboard", "--registry", "ftp://x").err())
        .isEqualTo("error: --registry must be a URL like http://localhost:5000; got 'ftp://x'");
    assertThat(run("dashboard", "--registry", "localhost:5000").code()).isEqualTo(1);
    assertThat(run("dashboard", "--registry", "http://localhost:5000/cluster-status").err())
        .startsWith("error: --registry must be a URL like http://localhost:5000");
    assertThat(run("dashboard", "--interval", "0s").err())
        .isEqualTo("error: --interval must be between 200ms and 10m, got 0 ms");
    assertThat(run("dashboard", "--interval", "2h").err())
        .isEqualTo("error: --interval must be between 200ms and 10m, got 7200000 ms");
    Run negative = run("dashboard", "--interval", "-1s");
    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.err()).contains("'-1s' is negative; use a duration such as 2s");
    assertThat(run("dashboard", "--interval", "soon").err()).contains("'soon' is not a duration");
  }

  @Test
  void onceSaysClearlyThatNoRegistryAnswersAndExits1() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // free now, and nobody listens once closed
    }
    Run r = run("dashboard", "--once", "--registry", "http://127.0.0.1:" + port);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "error: registry at http://127.0.0.1:"
                + port
                + " not answering: nothing is listening on 127.0.0.1:"
                + port
                + "; start it with ./workshop up");
  }

  @Test
  void aRegistryAnsweringGarbageIsShownAsMissingInsteadOfCrashingTheView() {
    Routes garbage =
        new Routes()
            .get("/cluster-status", r -> Response.text(200, "<html>not json</html>"))
            .get("/ring", r -> Response.ok(Json.map("nodes", "three", "keys", 5)))
            .get("/events", r -> Response.ok(List.of(1, 2)));
    try (WebServer server =
        WebServer.builder("garbage").host("127.0.0.1").port(0).routes(garbage).start()) {
      Run r = run("dashboard", "--once", "--registry", server.url());
      assertThat(r.code()).as("no cluster status, no dashboard").isEqualTo(1);
      assertThat(r.out())
          .contains("Health: UNKNOWN")
          .contains("/cluster-status: the body is not valid JSON")
          .contains("/ring has no 'nodes' or no 'keys' list")
          .contains("/events answered JSON that is not an object")
          .contains("(unknown: the registry's /cluster-status could not be read)");
    }
    Routes wrongShapes =
        new Routes()
            .get(
                "/cluster-status",
                r ->
                    Response.ok(
                        Json.map(
                            "health",
                            "healthy",
                            "nodes",
                            List.of(Json.map("node_id", 7), Json.map("status", List.of())))))
            .get("/events", r -> Response.ok(Json.map("events", List.of(Json.map("line", 1)))));
    try (WebServer server =
        WebServer.builder("shapes").host("127.0.0.1").port(0).routes(wrongShapes).start()) {
      Run r = run("dashboard", "--once", "--registry", server.url());
      assertThat(r.code()).isZero();
      assertThat(r.out())
          .contains("/ring answered HTTP 404")
          .contains("/events: an event without 'line' or 'seconds_ago'")
          .contains("Nodes\n  ? 7");
    }
  }

  @Test
  void showsARealClusterAfterAKillAsTheRegistrySeesIt() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (TestCluster cluster = TestCluster.start(quiet);
        WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      RegistryServer registry = cluster.registry();
      List<ResilientNodeServer> nodes = cluster.nodes();
      JsonNode written =
          http.postJson(registry.url() + "/data", Json.map("key", "user:alice", "value", "Alice"))
              .json();
      List<String> replicas = new ArrayList<>();
      written.path("replica_nodes").forEach(n -> replicas.add(n.asText()));
      // Stop node-2 first: its /shutdown would halt this test's JVM. The registry's kill then
      // finds it silent and marks it dead, as it does for a crashed node.
      nodes.get(1).close();
      assertThat(http.post(registry.url() + "/kill/node-2").status()).isEqualTo(200);

      Run r = run("dashboard", "--once", "--registry", registry.url());

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out())
          .contains("Health: HEALTHY   2 alive, 1 dead   (N=3 W=2 R=2)")
          .containsPattern("● node-1 +HEALTHY")
          .containsPattern("○ node-2 +DEAD")
          .containsPattern("● node-3 +HEALTHY")
          .containsPattern("user:alice +" + String.join(" ", replicas) + " ")
          .containsPattern("registry +node-2: alive -> dead: killed through the registry")
          .contains("Keys per node")
          .doesNotContain("Missing");
      assertThat(replicas).hasSize(3).contains("node-1", "node-2", "node-3");
      // Who takes over, in the registry's preference order; with node-2 down, W=2 of 3 leaves
      // no room for a second failure.
      String first = replicas.get(0);
      assertThat(r.out())
          .contains(
              first.equals("node-2")
                  ? "node-2 is dead: " + replicas.get(1) + " serves it"
                  : "if " + first + " dies: reads/writes fail");
    }
  }
}
