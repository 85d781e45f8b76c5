package workshop.gossip.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import workshop.gossip.GossipConfig;
import workshop.gossip.GossipMessage;
import workshop.gossip.GossipMode;
import workshop.protocol.http.ProtocolServer;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.WebClient;

/**
 * Real gossip nodes in the protocol runner on free ports, called over real HTTP: the original's
 * shapes, the runner's own routes, and bad input.
 */
class GossipProcessTest {
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private ProtocolServer<GossipMessage> node;
  private WebClient http;

  private ProtocolServer<GossipMessage> start(
      int id, List<String> neighbors, GossipMode mode, Duration interval) {
    return GossipProcess.start(
        new GossipProcess.Settings(
            id,
            "127.0.0.1",
            0,
            "gossip-" + id,
            GossipProcess.Settings.byAddress(neighbors),
            GossipConfig.DEFAULTS.withMode(mode).withInterval(interval)),
        id,
        FaultPolicy.NONE,
        InstantSource.system(),
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @BeforeEach
  void start() {
    // A long interval: this node never gossips by itself during a test.
    node = start(1, List.of(), GossipMode.PUSH, Duration.ofMinutes(5));
    http = WebClient.builder().timeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    node.close();
    http.close();
  }

  private ClientResponse post(String path, String body) {
    return http.send(
        "POST",
        node.url() + path,
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(5));
  }

  private ClientResponse gossip(String body) {
    return post("/gossip", body);
  }

  private String states() {
    return http.get(node.url() + "/").json().path("states").toString();
  }

  @Test
  void answersTheOriginalShapes() {
    ClientResponse root = http.get(node.url() + "/");
    assertThat(root.json().path("node_id").asInt()).isEqualTo(1);
    assertThat(root.json().path("states").toString()).isEqualTo("{\"1\":0}");
    assertThat(http.post(node.url() + "/update").text())
        .isEqualTo("{\"status\":\"updated\",\"new_version\":1}");
    assertThat(gossip("{\"1\":0,\"2\":3}").text())
        .isEqualTo("{\"status\":\"merged\",\"current_state\":{\"1\":1,\"2\":3},\"values\":{}}");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("[Node 1] local update to version 1: client request http#2")
        .contains("[Node 1] learns 2:3: state pushed by client http#3");
    assertThat(http.get(node.url() + "/health").json().path("node_id").asInt()).isEqualTo(1);
  }

  @Test
  void anUpdateMayCarryAValueThatTravelsWithTheVersion() {
    http.postJson(node.url() + "/update", Map.of("value", "hello"));
    assertThat(http.get(node.url() + "/").json().path("values").toString())
        .isEqualTo("{\"1\":\"hello\"}");
    assertThat(
            gossip("{\"states\":{\"2\":1},\"values\":{\"2\":\"hi\"}}")
                .json()
                .path("values")
                .toString())
        .isEqualTo("{\"1\":\"hello\",\"2\":\"hi\"}");
  }

  @Test
  void refusesEveryBodyThatIsNotAStateMapAndKeepsItsState() {
    gossip("{\"2\":3}");
    String before = states();
    assertThat(gossip("[1,2,3]").status()).isEqualTo(422);
    assertThat(gossip("{\"2\":\"three\"}").status()).isEqualTo(422);
    assertThat(gossip("{\"2\":1.5}").status()).isEqualTo(422);
    assertThat(gossip("{\"2\":-1}").json().path("detail").asText())
        .isEqualTo(
            "the version of node 2 must be a whole number from 0 to 9007199254740991, got -1");
    assertThat(gossip("{\"two\":1}").json().path("detail").asText())
        .isEqualTo("'two' is not a node id (a whole number 0 or more)");
    assertThat(gossip("{\"99999999999\":1}").status()).isEqualTo(422);
    assertThat(gossip("{\"2\":null}").status()).isEqualTo(422);
    assertThat(gossip("{\"2\":{\"v\":1}}").status()).isEqualTo(422);
    assertThat(gossip("{\"3\":9, \"2\":\"x\"}").status()).isEqualTo(422); // all or nothing
    assertThat(gossip("{\"states\":[1]}").status()).isEqualTo(422);
    assertThat(gossip("{\"states\":{\"2\":1},\"values\":{\"5\":\"x\"}}").status()).isEqualTo(422);
    assertThat(gossip("not json").status()).isEqualTo(400);
    assertThat(gossip("").status()).isEqualTo(400);
    StringBuilder huge = new StringBuilder("{");
    for (int i = 0; i < 10_001; i++) {
      huge.append(i == 0 ? "" : ",").append('"').append(i).append("\":1");
    }
    assertThat(gossip(huge.append('}').toString()).json().path("detail").asText())
        .isEqualTo("the state has 10001 entries; the limit is 10000");
    assertThat(states()).isEqualTo(before).isEqualTo("{\"1\":0,\"2\":3}");
  }

  @Test
  void refusesBadUpdatesAndWrongMethods() {
    assertThat(post("/update", "{oops").status()).isEqualTo(400);
    assertThat(http.postJson(node.url() + "/update", Map.of("value", List.of(1))).status())
        .isEqualTo(422);
    assertThat(http.postJson(node.url() + "/update", Map.of("value", "x".repeat(2000))).status())
        .isEqualTo(422);
    assertThat(http.get(node.url() + "/update").status()).isEqualTo(405);
    assertThat(http.get(node.url() + "/gossip").status()).isEqualTo(405);
    assertThat(states()).isEqualTo("{\"1\":0}");
  }

  @Test
  void theRunnersOwnRoutesTakeTaggedMessagesAndRefuseAnythingElseWithAReason() {
    ClientResponse pull =
        post(
            "/protocol/message",
            "{\"type\":\"PullRequest\",\"state\":{\"states\":{\"5\":2},\"values\":{}}}");
    assertThat(pull.status()).isEqualTo(200);
    // The pull reply travels back in the answer, as a list of tagged messages.
    assertThat(pull.text())
        .isEqualTo(
            "[{\"type\":\"PullReply\",\"state\":{\"states\":{\"1\":0,\"5\":2},\"values\":{}}}]");
    assertThat(post("/protocol/request", "{\"type\":\"Update\",\"value\":\"v\"}").text())
        .isEqualTo("{\"type\":\"Updated\",\"version\":1}");
    assertThat(post("/protocol/message", "{\"type\":\"Shout\"}").json().path("detail").asText())
        .isEqualTo(
            "\"Shout\" is not a GossipMessage; expected one of [Push, PullRequest, PullReply,"
                + " Update, Read, Merge, Updated, Merged, Snapshot]");
    assertThat(post("/protocol/message", "{\"state\":{}}").json().path("detail").asText())
        .startsWith("the object has no \"type\" field");
    assertThat(post("/protocol/message", "{\"type\":\"Push\"}").json().path("detail").asText())
        .isEqualTo("not a valid Push: field 'state' is required (an object)");
    assertThat(
            post(
                    "/protocol/message",
                    "{\"type\":\"Push\",\"state\":{\"states\":{\"x\":1},\"values\":{}}}")
                .json()
                .path("detail")
                .asText())
        .isEqualTo("not a valid Push: 'x' is not a node id (a whole number 0 or more)");
    assertThat(post("/protocol/request", "{\"type\":\"Updated\",\"version\":3}").status())
        .isEqualTo(409);
    assertThat(post("/protocol/message", "[]").status()).isEqualTo(422);
    assertThat(states()).isEqualTo("{\"1\":1,\"5\":2}");
  }

  @Test
  void pullModeLearnsAnUpdateFromThePullReplyInTheAnswer() {
    learnsByPulling(GossipMode.PULL);
  }

  @Test
  void pushPullModeLearnsAnUpdateFromTheAnswerToItsRequest() {
    learnsByPulling(GossipMode.PUSH_PULL);
  }

  /** B learns A's update by pulling; A never gossips by itself (its interval is 5 minutes). */
  private void learnsByPulling(GossipMode mode) {
    try (ProtocolServer<GossipMessage> b =
        start(2, List.of("127.0.0.1:" + node.port()), mode, Duration.ofMillis(50))) {
      http.post(node.url() + "/update");
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline
          && !http.get(b.url() + "/")
              .json()
              .path("states")
              .toString()
              .equals("{\"1\":1,\"2\":0}")) {
        Thread.onSpinWait();
      }
      assertThat(http.get(b.url() + "/").json().path("states").toString())
          .isEqualTo("{\"1\":1,\"2\":0}");
      var stats = http.get(b.url() + "/stats").json();
      assertThat(stats.path("rounds").asLong()).isPositive();
      assertThat(stats.path("messages_sent").asLong()).isPositive();
      assertThat(stats.path("mode").asText()).isEqualTo(mode.label());
      assertThat(stats.path("runner").path("timers_fired").asLong()).isPositive();
    }
  }

  @Test
  void pushModeTellsTheNeighbourWhatItKnows() {
    try (ProtocolServer<GossipMessage> b =
        start(2, List.of("127.0.0.1:" + node.port()), GossipMode.PUSH, Duration.ofMillis(50))) {
      http.post(b.url() + "/update");
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline && !states().contains("\"2\":1")) {
        Thread.onSpinWait();
      }
      assertThat(states()).isEqualTo("{\"1\":0,\"2\":1}");
    }
  }

  @Test
  void aNeighbourThatStopsAnsweringIsSuspectedWithAReason() throws Exception {
    int dead;
    try (var s = new java.net.ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    try (ProtocolServer<GossipMessage> b =
        start(2, List.of("127.0.0.1:" + dead), GossipMode.PUSH, Duration.ofMillis(20))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      // The node records the suspicion, then the runner logs it: wait for both.
      while (System.nanoTime() < deadline
          && (http.get(b.url() + "/stats").json().path("suspected").isEmpty()
              || !log.toString(StandardCharsets.UTF_8).contains("suspect"))) {
        Thread.sleep(20);
      }
      assertThat(http.get(b.url() + "/stats").json().path("suspected").toString())
          .isEqualTo("[\"127.0.0.1:" + dead + "\"]");
      assertThat(log.toString(StandardCharsets.UTF_8))
          .contains(
              "[Node 2] suspect 127.0.0.1:"
                  + dead
                  + ": 3 consecutive calls failed (last: refused: nothing is listening on 127.0.0.1:"
                  + dead
                  + "); trying it less often");
    }
  }
}
