package workshop.resilient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import workshop.Golden;
import workshop.resilient.cli.DashboardView.Event;
import workshop.resilient.cli.DashboardView.Node;
import workshop.resilient.cli.DashboardView.Ring;
import workshop.resilient.cli.DashboardView.RingNode;
import workshop.resilient.cli.DashboardView.Route;
import workshop.resilient.cli.DashboardView.Snapshot;
import workshop.sharding.HashRing;
import workshop.support.term.Frame;
import workshop.support.term.Size;

/**
 * The dashboard drawn from literal snapshots of a capstone run, against {@code
 * resilient/dashboard.txt}: all healthy; node-2 killed while node-3 is slow and node-4 joins; a
 * narrow terminal; a registry answering garbage; and no registry at all.
 */
class DashboardViewTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final String REGISTRY = "http://localhost:5000";
  static final List<String> KEYS =
      List.of("user:alice", "user:bob", "config:db", "session:xyz", "cache:home");

  /** The registry's ring for these members, as its {@code GET /ring} reports it. */
  static Ring ring(List<String> members, List<String> joining) {
    HashRing ring = new HashRing(members, 100);
    List<RingNode> nodes = new ArrayList<>();
    Map<String, Double> shares = ring.shares();
    for (String id : members) {
      List<Double> positions = new ArrayList<>();
      ring.positions()
          .forEach(
              (at, owner) -> {
                if (owner.equals(id)) {
                  positions.add(HashRing.fraction(at));
                }
              });
      nodes.add(new RingNode(id, shares.get(id), positions));
    }
    List<Route> routes = KEYS.stream().map(k -> new Route(k, ring.preferenceList(k, 3))).toList();
    return new Ring(100, 3, 2, 2, nodes, routes, joining);
  }

  static Node node(String id, String status, double heard, String reason, Integer keys) {
    return new Node(
        id,
        status,
        Duration.ofMillis(Math.round(heard * 1000)),
        "http://127.0.0.1:500" + id.charAt(id.length() - 1),
        reason,
        keys);
  }

  static final Snapshot HEALTHY =
      new Snapshot(
          REGISTRY,
          T0.plusSeconds(30),
          "healthy",
          List.of(
              node("node-1", "alive", 0.4, "heartbeat", 5),
              node("node-2", "alive", 1.1, "heartbeat", 5),
              node("node-3", "alive", 1.9, "heartbeat", 5)),
          ring(List.of("node-1", "node-2", "node-3"), List.of()),
          List.of(
              new Event(T0, "registry", "node-1: new -> alive (first heartbeat) at http://..."),
              new Event(T0.plusMillis(300), "registry", "node-2: new -> alive (first heartbeat)"),
              new Event(T0.plusMillis(500), "registry", "node-3: new -> alive (first heartbeat)")),
          List.of(),
          List.of());

  /** node-2 killed 4.2 s ago, node-3 silent for 3.6 s, node-4 receiving its keys. */
  static final Snapshot AFTER_A_KILL =
      new Snapshot(
          REGISTRY,
          T0.plusSeconds(90),
          "healthy",
          List.of(
              node("node-1", "alive", 0.4, "heartbeat", 7),
              node("node-2", "dead", 9.1, "killed through the registry", null),
              node("node-3", "alive", 3.6, "heartbeat", 6),
              node("node-4", "joining", 0.8, "first heartbeat", 2)),
          ring(List.of("node-1", "node-2", "node-3"), List.of("node-4")),
          List.of(
              new Event(T0, "registry", "node-1: new -> alive (first heartbeat)"),
              new Event(
                  T0.plusSeconds(85).plusMillis(800),
                  "registry",
                  "node-2: alive -> dead (killed through the registry)"),
              new Event(
                  T0.plusSeconds(87),
                  "registry",
                  "write user:bob without node-2 (nothing is listening on 127.0.0.1:5002):"
                      + " SUCCESS (Quorum Met). Version 1767261687000000 stored on ['node-3',"
                      + " 'node-1']"),
              new Event(
                  T0.plusSeconds(88).plusMillis(500),
                  "node-1",
                  "anti-entropy: pushed user:bob v1767261687000000 to node-4"),
              new Event(
                  T0.plusSeconds(89),
                  "registry",
                  "node-4: starting -> alive (first heartbeat after start) at"
                      + " http://127.0.0.1:5004")),
          List.of(),
          List.of());

  static final Snapshot GARBAGE =
      new Snapshot(
          REGISTRY,
          T0.plusSeconds(5),
          null,
          List.of(),
          null,
          List.of(),
          List.of(
              "/cluster-status: the body is not valid JSON: Unexpected character ('<')",
              "/ring answered HTTP 404 (an older registry, or not ours?)",
              "/events has no 'events' list"),
          List.of());

  /** node-3 cut off by ./workshop net, node-2 frozen by ./workshop pause. */
  static final Snapshot UNDER_FAULTS =
      new Snapshot(
          REGISTRY,
          T0.plusSeconds(40),
          "healthy",
          List.of(
              node("node-1", "alive", 0.4, "heartbeat", 5),
              node(
                  "node-2",
                  "dead",
                  6.2,
                  "missed heartbeats: silent for 6.2 s (timeout 5.0 s)",
                  null),
              node(
                  "node-3",
                  "dead",
                  5.4,
                  "missed heartbeats: silent for 5.4 s (timeout 5.0 s)",
                  null)),
          ring(List.of("node-1", "node-2", "node-3"), List.of()),
          List.of(
              new Event(
                  T0.plusSeconds(35),
                  "registry",
                  "node-3: alive -> dead: missed heartbeats: silent for 5.4 s (timeout 5.0 s)")),
          List.of(),
          List.of(
              "partition registry,node-1,node-2 | node-3: calls between the sides time out"
                  + " (nothing comes back); calls within a side work",
              "pause node-2: SIGSTOP to pid 4242 since 12:00:01, until 12:00:21; callers time out"));

  static final Size TALL = Size.tall(100);

  @Test
  void drawsTheClusterFromSnapshots() {
    StringBuilder out = new StringBuilder();
    out.append(frame("all healthy, 160x50 terminal", HEALTHY, new Size(160, 49), false));
    out.append(
        frame(
            "node-2 killed, node-3 slow, node-4 joining; load-test available; 160x50",
            AFTER_A_KILL,
            new Size(160, 49),
            true));
    out.append(frame("the same on an 80x50 terminal", AFTER_A_KILL, new Size(80, 49), true));
    out.append(frame("the same on a 100x30 terminal", AFTER_A_KILL, new Size(100, 29), true));
    out.append(frame("the same on an 80x24 terminal", AFTER_A_KILL, new Size(80, 23), true));
    out.append(frame("all healthy on an 80x24 terminal", HEALTHY, new Size(80, 23), false));
    out.append(frame("the same on a 50-column terminal", AFTER_A_KILL, new Size(50, 49), false));
    out.append(frame("a registry answering garbage", GARBAGE, new Size(80, 23), false));
    out.append(
        frame("a partition and a pause in force, 100x30", UNDER_FAULTS, new Size(100, 29), true));
    out.append(
        Golden.frame(
            "no registry",
            DashboardView.notAnswering(REGISTRY, "nothing is listening on localhost:5000", false)));
    Golden.assertMatches("resilient/dashboard.txt", out.toString());
  }

  @Test
  void onceShowsEverythingWhateverItsLength() {
    Frame once = DashboardView.render(AFTER_A_KILL, TALL, false, true);
    assertThat(String.join("\n", once.screen()))
        .contains("Hash ring", "Where keys live", "90.0 s ago", "load test")
        .doesNotContain("… hidden");
  }

  private static String frame(String title, Snapshot s, Size size, boolean loadTest) {
    return Golden.frame(title, DashboardView.render(s, size, false, loadTest));
  }

  @Test
  void coloursOnlyWhenAskedAndNeverInTheSummaryLine() {
    Frame plain = DashboardView.render(AFTER_A_KILL, new Size(80, 49), false, false);
    Frame coloured = DashboardView.render(AFTER_A_KILL, new Size(80, 49), true, false);
    assertThat(String.join("\n", plain.screen())).doesNotContain("\u001b");
    assertThat(coloured.screen()).anyMatch(l -> l.contains("\u001b[31mDEAD\u001b[0m"));
    assertThat(coloured.screen()).anyMatch(l -> l.contains("\u001b[32mHEALTHY\u001b[0m"));
    assertThat(coloured.line()).isEqualTo(plain.line()).doesNotContain("\u001b");
    assertThat(DashboardView.notAnswering(REGISTRY, "x", true).screen().get(0))
        .startsWith("\u001b[31mregistry at");
  }

  @Test
  void theNextAliveReplicaInPreferenceOrderTakesOverWhileTheQuorumHolds() {
    List<String> replicas = List.of("node-3", "node-1", "node-2");
    Map<String, String> allAlive = Map.of("node-1", "alive", "node-2", "alive", "node-3", "alive");
    // The second in preference order, not the first in id or dictionary order.
    assertThat(PlacementPanel.failover(replicas, allAlive, 2, 2))
        .isEqualTo("if node-3 dies: node-1 serves it");
    Map<String, String> oneDead = Map.of("node-1", "dead", "node-2", "alive", "node-3", "alive");
    // node-1 is dead, so node-2 is next; but then only 1 of 3 would be left, below W=2.
    assertThat(PlacementPanel.failover(replicas, oneDead, 2, 2))
        .isEqualTo("if node-3 dies: reads/writes fail");
    Map<String, String> firstDead = Map.of("node-1", "alive", "node-2", "alive", "node-3", "dead");
    assertThat(PlacementPanel.failover(replicas, firstDead, 2, 2))
        .isEqualTo("node-3 is dead: node-1 serves it");
    Map<String, String> twoDead = Map.of("node-1", "dead", "node-2", "alive", "node-3", "dead");
    assertThat(PlacementPanel.failover(replicas, twoDead, 2, 2))
        .isEqualTo("only 1 of 3 alive: reads/writes fail");
    // W=1, R=1 keeps serving from the last replica standing.
    assertThat(PlacementPanel.failover(replicas, oneDead, 1, 1))
        .isEqualTo("if node-3 dies: node-2 serves it");
  }

  @Test
  void aRingCellBelongsToTheFirstPositionAfterItWrappingPastTheTop() {
    List<RingNode> nodes =
        List.of(new RingNode("a", 0.5, List.of(0.25)), new RingNode("b", 0.5, List.of(0.75)));
    assertThat(RingPanel.ownerAt(0.1, nodes)).isEqualTo("a");
    assertThat(RingPanel.ownerAt(0.5, nodes)).isEqualTo("b");
    assertThat(RingPanel.ownerAt(0.9, nodes)).as("past the top: wraps to a").isEqualTo("a");
  }
}
