package workshop.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.fault.FaultParser;
import workshop.fault.LinkConditions;
import workshop.fault.http.LinkFaultPolicy;
import workshop.sim.Tally;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.WebClient;
import workshop.support.json.TaggedJson;

/**
 * The runner with a small test protocol (a total that clients add to, persisted; a hello to each
 * peer every second), on free ports with a real client.
 */
class ProtocolServerTest {
  static final TaggedJson<Tally.Msg> CODEC = TaggedJson.of(Tally.Msg.class).build();

  @TempDir Path dir;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  final Map<String, Tally> built = new ConcurrentHashMap<>();
  final WebClient http = WebClient.builder().timeout(Duration.ofSeconds(10)).build();
  ProtocolServer<Tally.Msg> server;

  private ProtocolServer<Tally.Msg> start(
      String name, int port, Map<String, String> peers, Path state, FaultPolicy faults) {
    return start(name, port, peers, state, faults, Duration.ofSeconds(3));
  }

  /** A generous call timeout unless a test waits for one: the machine may be busy. */
  private ProtocolServer<Tally.Msg> start(
      String name,
      int port,
      Map<String, String> peers,
      Path state,
      FaultPolicy faults,
      Duration callTimeout) {
    return ProtocolServer.start(
        new ProtocolServer.Settings(
            name, "127.0.0.1", port, peers, callTimeout, Duration.ofSeconds(5), state, name, 1),
        (n, persisted) -> {
          Tally t = new Tally(n, List.copyOf(peers.keySet()), persisted);
          built.put(n, t);
          return t;
        },
        ProtocolBinding.of(CODEC).persists(Tally.Saved.class),
        faults,
        InstantSource.system(),
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    http.close();
  }

  private ClientResponse request(ProtocolServer<?> s, String json) {
    return http.send(
        "POST",
        s.url() + ProtocolServer.REQUEST_PATH,
        Map.of("Content-Type", "application/json"),
        json.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(10));
  }

  private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void aRequestIsAnsweredWithTheNodesReplyOrRefusedWithItsReason() {
    server = start("a", 0, Map.of(), null, FaultPolicy.NONE);
    assertThat(request(server, "{\"type\":\"Add\",\"amount\":5}").text())
        .isEqualTo("{\"type\":\"Total\",\"total\":5}");
    ClientResponse refused = request(server, "{\"type\":\"Add\",\"amount\":-1}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().path("detail").asText()).isEqualTo("only positive amounts add up");
    assertThat(request(server, "{\"type\":\"Add\",\"amount\":\"five\"}").status()).isEqualTo(422);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("[a] total 5: added 5 for http#1");
  }

  @Test
  void whatANodePersistsSurvivesARestartFromItsFile() throws IOException {
    Path file = dir.resolve("a.json");
    server = start("a", 0, Map.of(), file, FaultPolicy.NONE);
    request(server, "{\"type\":\"Add\",\"amount\":5}");
    assertThat(Files.readString(file)).isEqualTo("{\"total\":5}");
    server.close();
    server = start("a", 0, Map.of(), file, FaultPolicy.NONE);
    assertThat(request(server, "{\"type\":\"Add\",\"amount\":1}").text())
        .isEqualTo("{\"type\":\"Total\",\"total\":6}");
    server.close();
    server = null;
    Files.writeString(file, "{\"total\":");
    assertThatThrownBy(() -> start("a", 0, Map.of(), file, FaultPolicy.NONE))
        .hasMessageStartingWith("the state file " + file + " is damaged");
  }

  @Test
  void timersFireAndMessagesTravelBetweenNodes() throws Exception {
    int portB = freePort();
    ProtocolServer<Tally.Msg> b = start("b", portB, Map.of(), null, FaultPolicy.NONE);
    try {
      server = start("a", 0, Map.of("b", "127.0.0.1:" + portB), null, FaultPolicy.NONE);
      await(() -> built.get("b").seen.stream().anyMatch(s -> s.endsWith("Hello[total=0] from a")));
      assertThat(built.get("b").seen).anyMatch(s -> s.endsWith("Hello[total=0] from a"));
      assertThat(built.get("a").seen).anyMatch(s -> s.endsWith("timer hello"));
    } finally {
      b.close();
    }
  }

  @Test
  void aCallToANodeThatIsDownIsReportedRefused() throws Exception {
    server = start("a", 0, Map.of("b", "127.0.0.1:" + freePort()), null, FaultPolicy.NONE);
    await(() -> built.get("a").seen.stream().anyMatch(s -> s.contains("undelivered")));
    assertThat(built.get("a").seen)
        .anyMatch(s -> s.contains("undelivered Hello[total=0] to b refused: "));
  }

  @Test
  void aDroppedCallIsReportedAsATimeoutAfterTheCallTimeout() throws Exception {
    int portB = freePort();
    ProtocolServer<Tally.Msg> b = start("b", portB, Map.of(), null, FaultPolicy.NONE);
    try {
      LinkFaultPolicy cut =
          new LinkFaultPolicy(
              "a",
              new LinkConditions(List.of("a", "b")),
              new SplittableRandom(1),
              Map.of("127.0.0.1:" + portB, "b"));
      cut.apply(FaultParser.parse("partition a | b"));
      server = start("a", 0, Map.of("b", "127.0.0.1:" + portB), null, cut, Duration.ofMillis(300));
      await(() -> built.get("a").seen.stream().anyMatch(s -> s.contains("undelivered")));
      assertThat(built.get("a").seen)
          .anyMatch(s -> s.contains("undelivered Hello[total=0] to b timeout: "));
      assertThat(built.get("b").seen).noneMatch(s -> s.contains("from a"));
    } finally {
      b.close();
    }
  }

  @Test
  void aMessageFromAnywhereIsCheckedBeforeTheNodeSeesIt() {
    server = start("a", 0, Map.of(), null, FaultPolicy.NONE);
    ClientResponse bad =
        http.send(
            "POST",
            server.url() + ProtocolServer.MESSAGE_PATH,
            Map.of("Content-Type", "application/json"),
            "{\"type\":\"Hello\"}".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(10));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().path("detail").asText())
        .isEqualTo("not a valid Hello: field 'total' is required (a whole number)");
    ClientResponse ok =
        http.send(
            "POST",
            server.url() + ProtocolServer.MESSAGE_PATH,
            Map.of("Content-Type", "application/json", "X-Workshop-Peer", "z"),
            "{\"type\":\"Hello\",\"total\":3}".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(10));
    assertThat(ok.text()).isEqualTo("[]");
    assertThat(built.get("a").seen).anyMatch(s -> s.endsWith("Hello[total=3] from z"));
    var stats = http.get(server.url() + "/stats").json().path("runner");
    assertThat(stats.path("messages_in").asLong()).isEqualTo(1);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
