package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import workshop.membership.MembershipConfig;
import workshop.quorum.QuorumConfig;
import workshop.support.http.ClientResponse;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.proc.Supervisor;

/**
 * {@code POST /restart/{id}} (and scale-up's choice of port): refusals over real HTTP with a clock
 * the test moves, and no child process (the registry never gets as far as starting one).
 */
class RegistryRestartTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final class Clock implements InstantSource {
    volatile Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Clock clock = new Clock();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final Supervisor unused = new Supervisor(null, null, true);
  private final WebClient http = WebClient.create(Duration.ofSeconds(5));
  private RegistryServer registry;

  private void start(RegistryServer.ScaleUp scaleUp) {
    registry =
        RegistryServer.start(
            "127.0.0.1",
            0,
            MembershipConfig.DEFAULT,
            QuorumConfig.DEFAULT,
            scaleUp,
            clock,
            new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    registry.close();
    unused.close();
    http.close();
  }

  private void heartbeat(String id, String address) {
    ClientResponse r =
        http.send(
            "POST",
            registry.url() + "/heartbeat",
            Map.of("Content-Type", "application/json"),
            ("{\"node_id\":\"" + id + "\",\"address\":\"" + address + "\"}")
                .getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(5));
    assertThat(r.status()).isEqualTo(200);
  }

  /** Six seconds of silence: past the 5 s timeout, so every member heard at T0 is dead. */
  private void silence() {
    clock.now = T0.plusSeconds(6);
    registry.sweep();
  }

  private ClientResponse restart(String id) {
    return http.post(registry.url() + "/restart/" + id);
  }

  private String detail(ClientResponse r) {
    return r.json().path("detail").asText();
  }

  @Test
  void anUnknownNodeIs404AndAnAliveOne409() {
    start(null);
    heartbeat("node-1", "http://127.0.0.1:5001");
    ClientResponse unknown = restart("node-9");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(detail(unknown)).isEqualTo("Node 'node-9' not found");
    ClientResponse alive = restart("node-1");
    assertThat(alive.status()).isEqualTo(409);
    assertThat(detail(alive))
        .isEqualTo("Node 'node-1' is alive; nothing to restart (POST /kill/node-1 first)");
  }

  @Test
  void withoutScaleUpADeadNodeIs501WithTheCommandToRunInstead() {
    start(null);
    heartbeat("node-2", "http://127.0.0.1:5002");
    silence();
    ClientResponse r = restart("node-2");
    assertThat(r.status()).isEqualTo(501);
    assertThat(r.json().path("error").asText()).isEqualTo("not_enabled");
    assertThat(detail(r))
        .isEqualTo(
            "this registry was started without scale-up, so it cannot start nodes; restart it"
                + " yourself: ./workshop resilient-node --port 5002 --id node-2");
    heartbeat("node-3", "http://127.0.0.1:5003");
    http.postJson(
        registry.url() + "/deregister", workshop.support.json.Json.map("node_id", "node-3"));
    assertThat(restart("node-3").status())
        .as("a node that left can be restarted too")
        .isEqualTo(501);
  }

  @Test
  void hostileIdsAreRefusedWithAReasonAndNothingStarts() {
    start(new RegistryServer.ScaleUp(unused, 1025, 65_535, 12));
    for (String id :
        new String[] {
          "..%2F..%2Fetc%2Fpasswd", "node-1%3Brm%20-rf%20~", "%20node-1", "-rf", "x".repeat(200)
        }) {
      ClientResponse r = restart(id);
      assertThat(r.status()).as(id).isEqualTo(422);
      assertThat(detail(r)).as(id).startsWith("node ids are 1-64 letters, digits");
    }
    assertThat(detail(restart("x".repeat(200)))).endsWith("x".repeat(64) + "...");
    assertThat(http.post(registry.url() + "/restart/").status()).isEqualTo(404);
    assertThat(http.get(registry.url() + "/restart/node-1").status()).isEqualTo(405);
    assertThat(unused.children()).isEmpty();
  }

  /**
   * A stand-in for a workshop node: answers {@code /health} as resilient node {@code id}, as a real
   * one does, so the registry sees it running (and its port stays taken).
   */
  private static WebServer fakeNode(String id) {
    return WebServer.builder("fake-" + id)
        .port(0)
        .routes(
            new Routes()
                .get(
                    "/health",
                    r ->
                        Response.ok(
                            Map.of(
                                "status", "healthy", "service", "resilient-node", "node_id", id))))
        .start();
  }

  /** Asks for a restart until the answer stops saying the node was never seen (or 5 s pass). */
  private ClientResponse restartOnceSeen(String id) throws InterruptedException {
    ClientResponse r = restart(id);
    for (int i = 0; i < 100 && detail(r).contains("was never seen running"); i++) {
      Thread.sleep(50);
      r = restart(id);
    }
    return r;
  }

  @Test
  void aTakenPortIsAConflictThatSaysWhatToDo() throws Exception {
    start(new RegistryServer.ScaleUp(unused, 1025, 65_535, 12));
    try (WebServer stillThere = fakeNode("node-2")) {
      int port = stillThere.port();
      heartbeat("node-2", "http://127.0.0.1:" + port);
      silence();
      ClientResponse r = restartOnceSeen("node-2");
      assertThat(r.status()).isEqualTo(409);
      assertThat(detail(r))
          .isEqualTo(
              "port "
                  + port
                  + " is taken, so 'node-2' cannot start there (is it still running but not"
                  + " heartbeating, or did another program take the port?); free the port, or"
                  + " add a node with POST /scale-up");
    }
    assertThat(unused.children()).isEmpty();
  }

  @Test
  void aHeartbeatNamingPortOneCannotMakeTheRegistryStartANodeThere() {
    // The hole: a heartbeat names any address, and a restart started a node there (port 1 once).
    // The default loopback registry, no token anywhere.
    start(new RegistryServer.ScaleUp(unused, 5001, 5099, 12));
    heartbeat("x", "http://127.0.0.1:1");
    silence();
    ClientResponse r = restart("x");
    assertThat(r.status()).isEqualTo(409);
    assertThat(detail(r))
        .isEqualTo(
            "Node 'x' is registered on port 1, outside the ports this registry starts nodes on"
                + " (5001-5099, its --min-port and --max-port); start it yourself:"
                + " ./workshop resilient-node --port 1 --id x");
    assertThat(unused.children()).isEmpty();
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("restarting x");
  }

  @Test
  void aNodeOnlyAHeartbeatNamedIsNeverRestartedEvenInsideTheRange() throws Exception {
    start(new RegistryServer.ScaleUp(unused, 1025, 65_535, 12));
    int free;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = s.getLocalPort();
    }
    heartbeat("node-5", "http://127.0.0.1:" + free);
    silence();
    ClientResponse r = restart("node-5");
    assertThat(r.status()).isEqualTo(409);
    assertThat(detail(r))
        .isEqualTo(
            "Node 'node-5' was never seen running as a workshop node at http://127.0.0.1:"
                + free
                + " (a heartbeat named that address, but this registry did not start it there and"
                + " nothing there answered /health as resilient node 'node-5'); start it yourself:"
                + " ./workshop resilient-node --port "
                + free
                + " --id node-5");
    assertThat(unused.children()).isEmpty();
  }

  @Test
  void anotherProgramThatAnswersHealthIsNotAWorkshopNode() throws Exception {
    start(new RegistryServer.ScaleUp(unused, 1025, 65_535, 12));
    try (WebServer other =
        WebServer.builder("other")
            .port(0)
            .routes(
                new Routes()
                    .get(
                        "/health",
                        r -> Response.ok(Map.of("status", "healthy", "node_id", "node-6"))))
            .start()) {
      heartbeat("node-6", other.url());
      Thread.sleep(300); // time to look: it answers, but not as a workshop node
      silence();
      assertThat(detail(restart("node-6"))).contains("was never seen running as a workshop node");
    }
    assertThat(unused.children()).isEmpty();
  }

  @Test
  void scaleUpIgnoresNodesOutsideItsPortRange() throws Exception {
    // The range is one port, held here; node-1 runs far above it. The next port is looked for
    // from the range's start, not from above node-1 (which once gave "from 40001 to 5001").
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      start(new RegistryServer.ScaleUp(unused, port, port, 12));
      heartbeat("node-1", "http://127.0.0.1:" + (port < 65_000 ? port + 500 : port - 500));
      ClientResponse r = http.post(registry.url() + "/scale-up");
      assertThat(r.status()).isEqualTo(409);
      assertThat(detail(r))
          .isEqualTo(
              "scale-up port limit reached: no free port from "
                  + port
                  + " to "
                  + port
                  + " (free one, or start the registry with a higher --max-port)");
    }
    assertThat(unused.children()).isEmpty();
  }

  @Test
  void aNodeOnAnotherMachineIsRestartedThereNotHere() {
    start(new RegistryServer.ScaleUp(unused, 1025, 65_535, 12));
    heartbeat("node-7", "http://10.0.0.7:5007");
    silence();
    ClientResponse r = restart("node-7");
    assertThat(r.status()).isEqualTo(409);
    assertThat(detail(r))
        .isEqualTo(
            "Node 'node-7' ran at http://10.0.0.7:5007, not on this machine; restart it there");
    assertThat(unused.children()).isEmpty();
  }
}
