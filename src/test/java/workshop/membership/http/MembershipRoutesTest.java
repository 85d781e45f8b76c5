package workshop.membership.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import workshop.membership.Membership;
import workshop.membership.MembershipConfig;
import workshop.membership.MembershipEvent;
import workshop.support.http.ClientResponse;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;

/**
 * The membership endpoints on their own, without the capstone: a server on port 0, a clock the test
 * moves, and hooks that record what the registry would hear.
 */
class MembershipRoutesTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final List<String> heard = new ArrayList<>();
  private final Set<String> joining = new java.util.HashSet<>();
  private final Membership membership = new Membership(MembershipConfig.DEFAULT);
  private MembershipRoutes routes;
  private WebServer server;
  private WebClient http;

  @BeforeEach
  void start() {
    InstantSource clock = now::get;
    routes =
        new MembershipRoutes(
            membership,
            this,
            clock,
            new MembershipRoutes.Hooks() {
              @Override
              public boolean joining(String id) {
                return joining.contains(id);
              }

              @Override
              public List<Member> holders() {
                return membership.alive().stream().filter(m -> !joining(m.id())).toList();
              }

              @Override
              public void admitted(MembershipEvent e, String address, int dataCount) {
                heard.add(e.line() + " at " + address + " holding " + dataCount);
              }

              @Override
              public void changed(MembershipEvent e) {
                heard.add(e.line());
              }
            });
    server =
        WebServer.builder("membership")
            .host("127.0.0.1")
            .port(0)
            .routes(routes.addTo(new Routes()))
            .start();
    http = WebClient.create(Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    http.close();
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
        .containsExactly(
            "node-1: new -> alive (first heartbeat) at http://127.0.0.1:5001 holding 3");
    // A heartbeat that changes nothing is not news.
    beat("node-1", 5001, 3);
    assertThat(heard).hasSize(1);
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
        .isEqualTo("node-1: alive -> dead (missed heartbeats: silent for 6.0 s (timeout 5.0 s))");
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
        .isEqualTo("node-1: alive -> left (deregistered itself (clean shutdown))");
    assertThat(
            http.postJson(server.url() + "/deregister", new MembershipWire.Deregister("ghost"))
                .status())
        .isEqualTo(404);
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
    assertThat(membership.all()).isEmpty();
  }
}
