package workshop.membership.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import workshop.membership.Member;
import workshop.membership.MembershipConfig;
import workshop.membership.MembershipMessage;
import workshop.protocol.Effects;
import workshop.protocol.http.ProtocolHost;
import workshop.support.http.ClientResponse;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;

/**
 * The membership endpoints on their own, without the capstone: a registry node in the runner behind
 * a server on port 0, a clock the test moves, and hooks that record what the registry would hear.
 */
class MembershipRoutesTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<String> changes = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Set<String> joining = new java.util.HashSet<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private MembershipRoutes routes;
  private WebServer server;
  private WebClient http;

  @BeforeEach
  void start() {
    InstantSource clock = now::get;
    routes =
        new MembershipRoutes(
            MembershipConfig.DEFAULT,
            this,
            clock,
            new MembershipRoutes.Hooks() {
              @Override
              public boolean joining(String id) {
                return joining.contains(id);
              }

              @Override
              public List<Member> holders() {
                return routes.alive().stream().filter(m -> !joining(m.id())).toList();
              }

              @Override
              public void event(Effects.Event e) {
                heard.add(e.toString());
              }

              @Override
              public void changed(Member before, Member after) {
                changes.add(
                    after.id()
                        + " "
                        + (before == null ? "new" : before.status().wireName())
                        + " -> "
                        + after.status().wireName()
                        + " holding "
                        + after.dataCount());
              }
            },
            new PrintStream(log, true, StandardCharsets.UTF_8));
    server =
        WebServer.builder("membership")
            .host("127.0.0.1")
            .port(0)
            .routes(routes.addTo(new Routes()))
            .start();
    routes.start();
    http = WebClient.create(Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    http.close();
    routes.close();
    server.close();
  }

  private MembershipWire.HeartbeatAnswer beat(String id, int port, int data) {
    return http.postJson(
            server.url() + "/heartbeat", new MembershipWire.Heartbeat(id, null, port, data))
        .read(MembershipWire.HeartbeatAnswer.class);
  }

  @Test
  void aHeartbeatAdmitsAMemberAndTheRegistryHearsWhy() {
    MembershipWire.HeartbeatAnswer a = beat("node-1", 5001, 3);
    assertThat(a.nodes())
        .containsExactly(new MembershipWire.Peer("node-1", "http://127.0.0.1:5001", 5001));
    assertThat(heard)
        .containsExactly("node-1: new -> alive: first heartbeat from http://127.0.0.1:5001");
    assertThat(changes).containsExactly("node-1 new -> alive holding 3");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("[registry] node-1: new -> alive: first heartbeat from http://127.0.0.1:5001");
    // A heartbeat that changes nothing is not news.
    beat("node-1", 5001, 3);
    assertThat(heard).hasSize(1);
    assertThat(changes).hasSize(1);
  }

  @Test
  void aJoiningMemberIsAliveButNotYetAHolderOrServing() {
    beat("node-1", 5001, 0);
    joining.add("node-2");
    MembershipWire.HeartbeatAnswer a = beat("node-2", 5002, 0);
    assertThat(a.nodes())
        .extracting(MembershipWire.Peer::node_id)
        .containsExactly("node-1", "node-2");
    assertThat(a.members()).extracting(MembershipWire.Peer::node_id).containsExactly("node-1");
    MembershipWire.ClusterStatus status = routes.clusterStatus();
    assertThat(status.nodes())
        .extracting(MembershipWire.StatusLine::status)
        .containsExactly("alive", "joining");
    // One serving member: the original's "degraded".
    assertThat(status.alive_count()).isEqualTo(1);
    assertThat(status.health()).isEqualTo("degraded");
  }

  @Test
  void theSweepDeclaresASilentMemberDeadWithTheReason() {
    beat("node-1", 5001, 0);
    now.set(T0.plusSeconds(6));
    routes.sweep();
    assertThat(heard.get(1))
        .isEqualTo("node-1: alive -> dead: missed heartbeats: silent for 6.0 s (timeout 5.0 s)");
    MembershipWire.Nodes nodes = http.get(server.url() + "/nodes").read(MembershipWire.Nodes.class);
    assertThat(nodes.nodes().get(0).status()).isEqualTo("dead");
    assertThat(nodes.nodes().get(0).last_seen()).isEqualTo(6.0);
  }

  @Test
  void aMemberThatLeavesIsHeardAndAnUnknownOneIs404() {
    beat("node-1", 5001, 0);
    ClientResponse ok =
        http.postJson(server.url() + "/deregister", new MembershipWire.Deregister("node-1"));
    assertThat(ok.read(MembershipWire.Status.class).status()).isEqualTo("ok");
    assertThat(heard.get(1))
        .isEqualTo("node-1: alive -> left: deregistered itself (clean shutdown)");
    ClientResponse ghost =
        http.postJson(server.url() + "/deregister", new MembershipWire.Deregister("ghost"));
    assertThat(ghost.status()).isEqualTo(404);
    assertThat(ghost.json().path("detail").asString()).isEqualTo("Node 'ghost' not found");
  }

  @Test
  void refusesHeartbeatsItCannotUseWithAReason() {
    ClientResponse noPort =
        http.postJson(
            server.url() + "/heartbeat", new MembershipWire.Heartbeat("node-1", null, null, null));
    assertThat(noPort.status()).isEqualTo(422);
    assertThat(noPort.json().path("detail").asString()).startsWith("give 'address'");
    ClientResponse longId =
        http.postJson(
            server.url() + "/heartbeat",
            new MembershipWire.Heartbeat("x".repeat(5000), null, 5001, 0));
    assertThat(longId.status()).isEqualTo(422);
    assertThat(longId.json().path("detail").asString()).hasSizeLessThan(200);
    synchronized (this) {
      assertThat(routes.members()).isEmpty();
    }
  }

  @Test
  void aHeartbeatOnTheRunnersOwnWireCountsTheSameButRawRequestsAreNotServed() {
    ClientResponse beat =
        http.send(
            "POST",
            server.url() + ProtocolHost.MESSAGE_PATH,
            java.util.Map.of("Content-Type", "application/json", "X-Workshop-Peer", "node-7"),
            "{\"type\":\"Heartbeat\",\"address\":\"http://127.0.0.1:5007\",\"dataCount\":0}"
                .getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(10));
    assertThat(beat.text()).startsWith("[{\"type\":\"HeartbeatAck\"");
    assertThat(heard)
        .containsExactly("node-7: new -> alive: first heartbeat from http://127.0.0.1:5007");
    // A kill only comes through the registry's own route, with its checks.
    ClientResponse kill =
        http.send(
            "POST",
            server.url() + ProtocolHost.REQUEST_PATH,
            java.util.Map.of("Content-Type", "application/json"),
            "{\"type\":\"Kill\",\"id\":\"node-7\",\"why\":\"x\"}".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(10));
    assertThat(kill.status()).isEqualTo(404);
    assertThat(routes.ask(new MembershipMessage.Kill("node-7", "killed by the test")).outcome())
        .isEqualTo("dead");
    assertThat(heard.get(1)).isEqualTo("node-7: alive -> dead: killed by the test");
  }
}
