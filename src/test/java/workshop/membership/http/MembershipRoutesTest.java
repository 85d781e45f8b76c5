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
import workshop.support.http.TokenTrust;
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
  private final TokenTrust tokens = TokenTrust.of(SECRET);
  private MembershipRoutes routes;
  private WebServer server;
  private WebClient http;

  /** The registry's token: on loopback it guards nothing, but a heartbeat may still prove it. */
  static final String SECRET = "s3cret";

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
            tokens,
            new PrintStream(log, true, StandardCharsets.UTF_8));
    server =
        WebServer.builder("membership")
            .host("127.0.0.1")
            .port(0)
            .token(SECRET)
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
        .containsExactly(new MembershipWire.Peer("node-1", "http://127.0.0.1:5001", 5001, false));
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
  void nodesAndClusterStatusListMembersByIdWhoeverRegisteredFirst() {
    beat("node-10", 5010, 0);
    beat("node-2", 5002, 0);
    beat("node-1", 5001, 0);
    MembershipWire.Nodes nodes = http.get(server.url() + "/nodes").read(MembershipWire.Nodes.class);
    assertThat(nodes.nodes())
        .extracting(MembershipWire.Node::node_id)
        .containsExactly("node-1", "node-2", "node-10");
    MembershipWire.ClusterStatus status =
        http.get(server.url() + "/cluster-status").read(MembershipWire.ClusterStatus.class);
    assertThat(status.nodes())
        .extracting(MembershipWire.StatusLine::node_id)
        .containsExactly("node-1", "node-2", "node-10");
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
            // What the sender says of the token is overwritten by what the call proved: nothing.
            ("{\"type\":\"Heartbeat\",\"address\":\"http://127.0.0.1:5007\",\"dataCount\":0,"
                    + "\"provedToken\":true}")
                .getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(10));
    synchronized (this) {
      assertThat(routes.member("node-7").orElseThrow().provedToken()).isFalse();
    }
    assertThat(tokens.trusted()).isEmpty();
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

  private ClientResponse beat(String id, String address, boolean withToken) {
    return http.send(
        "POST",
        server.url() + "/heartbeat",
        withToken
            ? java.util.Map.of("Content-Type", "application/json", "X-Workshop-Token", SECRET)
            : java.util.Map.of("Content-Type", "application/json"),
        workshop.support.json.Json.write(new MembershipWire.Heartbeat(id, address, null, 0)),
        Duration.ofSeconds(10));
  }

  @Test
  void aHeartbeatWithoutTheTokenCannotMoveAMemberWhoseAddressTheTokenVouchedFor() {
    assertThat(beat("node-2", "http://127.0.0.1:5002", true).status()).isEqualTo(200);
    assertThat(tokens.trusted()).containsExactly("127.0.0.1:5002");

    ClientResponse moved = beat("node-2", "http://127.0.0.1:1", false);
    assertThat(moved.status()).isEqualTo(403);
    assertThat(moved.json().path("error").asString()).isEqualTo("token_required");
    assertThat(moved.json().path("detail").asString())
        .isEqualTo(
            "node-2 is at http://127.0.0.1:5002, as heartbeats that proved the cluster's token"
                + " said; one without the token may not move it to http://127.0.0.1:1: send the"
                + " header X-Workshop-Token with the value of WORKSHOP_TOKEN (set WORKSHOP_TOKEN"
                + " to the cluster's secret where the node starts)");
    synchronized (this) {
      assertThat(routes.member("node-2").orElseThrow().address())
          .isEqualTo("http://127.0.0.1:5002");
    }
    assertThat(tokens.trusted()).as("the stranger's address").containsExactly("127.0.0.1:5002");
    assertThat(heard)
        .contains(
            "node-2: heartbeat refused: node-2 is at http://127.0.0.1:5002, as"
                + " heartbeats that proved the cluster's token said; one without the token may not"
                + " move it to http://127.0.0.1:1");

    // Without the token a heartbeat may still refresh it where it is, and with it move it.
    assertThat(beat("node-2", "http://127.0.0.1:5002", false).status()).isEqualTo(200);
    assertThat(beat("node-2", "http://127.0.0.1:5012", true).status()).isEqualTo(200);
    synchronized (this) {
      Member m = routes.member("node-2").orElseThrow();
      assertThat(m.address()).isEqualTo("http://127.0.0.1:5012");
      assertThat(m.provedToken()).isTrue();
    }
  }

  @Test
  void aMemberNoTokenVouchedForReRegistersWhereverItSaysAsTheOriginalsNodesDo() {
    assertThat(beat("node-3", "http://127.0.0.1:5003", false).status()).isEqualTo(200);
    assertThat(beat("node-3", "http://127.0.0.1:6003", false).status()).isEqualTo(200);
    synchronized (this) {
      Member m = routes.member("node-3").orElseThrow();
      assertThat(m.address()).isEqualTo("http://127.0.0.1:6003");
      assertThat(m.provedToken()).isFalse();
    }
    assertThat(tokens.trusted()).isEmpty();
    assertThat(
            http.get(server.url() + "/nodes")
                .json()
                .path("nodes")
                .get(0)
                .path("proved_token")
                .asBoolean())
        .isFalse();
  }
}
