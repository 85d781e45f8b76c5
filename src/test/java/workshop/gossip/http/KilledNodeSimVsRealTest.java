package workshop.gossip.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import workshop.fault.FaultParser;
import workshop.gossip.GossipConfig;
import workshop.gossip.GossipMessage;
import workshop.gossip.GossipScenario;
import workshop.gossip.GossipState;
import workshop.protocol.http.ProtocolServer;
import workshop.sim.NodeStatus;
import workshop.sim.Simulation;
import workshop.support.http.CallFailure;
import workshop.support.http.FaultPolicy;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * One scenario, two worlds. Four gossip nodes in a full mesh learn of each other; node-3 is killed;
 * node-1 takes an update. In the simulator (virtual time, seeded) and on real servers (free ports,
 * real HTTP, a closed port for the dead node) the same node code must end the same way: every
 * survivor has the update, and every survivor suspects node-3 and only node-3.
 */
class KilledNodeSimVsRealTest {
  static final List<String> NODES = List.of("node-1", "node-2", "node-3", "node-4");
  static final Duration INTERVAL = Duration.ofMillis(50);
  static final String SURVIVOR = "{1:1=after-kill, 2:0, 3:0, 4:0}  suspects node-3";
  static final Map<String, String> EXPECTED =
      Map.of("node-1", SURVIVOR, "node-2", SURVIVOR, "node-3", "down", "node-4", SURVIVOR);

  /** What the scenario needs from a world: an update, a kill, and time passing. */
  interface Cluster extends AutoCloseable {
    void update(String node, String value);

    void kill(String node);

    /** Lets time pass until {@code done} holds or {@code limit} passes; each node's line. */
    Map<String, String> await(Predicate<Map<String, String>> done, Duration limit);

    @Override
    void close();
  }

  @Test
  void theSimulatorAndRealProcessesEndTheSameWay() throws IOException {
    Map<String, String> simulated;
    try (Cluster c = new SimulatedCluster()) {
      simulated = scenario(c);
    }
    Map<String, String> real;
    try (Cluster c = new RealCluster()) {
      real = scenario(c);
    }
    assertThat(simulated).isEqualTo(EXPECTED);
    assertThat(real).isEqualTo(simulated);
  }

  private static Map<String, String> scenario(Cluster c) {
    Map<String, String> before =
        c.await(
            o -> NODES.stream().allMatch(n -> o.get(n).startsWith("{1:0, 2:0, 3:0, 4:0}")),
            Duration.ofSeconds(20));
    assertThat(before.values()).allMatch(s -> s.startsWith("{1:0, 2:0, 3:0, 4:0}"));
    c.kill("node-3");
    c.update("node-1", "after-kill");
    // Settled: every survivor has the update and suspects node-3 alone. (On a busy machine a live
    // peer may miss a call's timeout and be suspected for a moment; it is trusted again as soon as
    // it is heard from, so the wait ends on the settled state, not on the first suspicion.)
    return c.await(
        o ->
            NODES.stream()
                .filter(n -> !n.equals("node-3"))
                .allMatch(
                    n ->
                        o.get(n).contains("1:1=after-kill")
                            && o.get(n).endsWith("suspects node-3")),
        Duration.ofSeconds(30));
  }

  /** The simulator, with the node code and settings of the real cluster. */
  static final class SimulatedCluster implements Cluster {
    final GossipScenario gossip = new GossipScenario();
    final Simulation<GossipMessage> sim =
        Simulation.builder(NODES, gossip.factory(NODES, Map.of("interval", "50ms")))
            .seed(1)
            .latency(Duration.ofMillis(1), Duration.ofMillis(5))
            .callTimeout(GossipProcess.CALL_TIMEOUT)
            .build();

    SimulatedCluster() {
      sim.startAll();
    }

    @Override
    public void update(String node, String value) {
      sim.request(node, new GossipMessage.Update(value));
    }

    @Override
    public void kill(String node) {
      sim.apply(FaultParser.parse("crash " + node));
    }

    @Override
    public Map<String, String> await(Predicate<Map<String, String>> done, Duration limit) {
      long until = sim.nowMillis() + limit.toMillis();
      while (!done.test(outcome()) && sim.nowMillis() < until) {
        sim.runFor(INTERVAL);
      }
      return outcome();
    }

    private Map<String, String> outcome() {
      Map<String, String> o = new LinkedHashMap<>();
      for (String n : NODES) {
        o.put(n, sim.status(n) == NodeStatus.DOWN ? "down" : gossip.state(sim.node(n)));
      }
      return o;
    }

    @Override
    public void close() {}
  }

  /** Four in-process servers on free ports, talking real HTTP through the protocol runner. */
  static final class RealCluster implements Cluster {
    final Map<String, ProtocolServer<GossipMessage>> servers = new LinkedHashMap<>();
    final Map<String, String> addresses = new LinkedHashMap<>();
    final WebClient http = WebClient.builder().timeout(Duration.ofSeconds(1)).build();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    RealCluster() throws IOException {
      // All probe sockets stay open until every port is chosen, so no two nodes get one port.
      List<ServerSocket> probes = new ArrayList<>();
      try {
        for (String n : NODES) {
          ServerSocket s = new ServerSocket(0);
          probes.add(s);
          addresses.put(n, "127.0.0.1:" + s.getLocalPort());
        }
      } finally {
        for (ServerSocket s : probes) {
          s.close();
        }
      }
      for (int i = 0; i < NODES.size(); i++) {
        String name = NODES.get(i);
        Map<String, String> neighbors = new LinkedHashMap<>(addresses);
        neighbors.remove(name);
        int port = Integer.parseInt(addresses.get(name).substring("127.0.0.1:".length()));
        servers.put(
            name,
            GossipProcess.start(
                new GossipProcess.Settings(
                    i + 1,
                    "127.0.0.1",
                    port,
                    name,
                    neighbors,
                    GossipConfig.DEFAULTS.withInterval(INTERVAL)),
                i + 1,
                FaultPolicy.NONE,
                InstantSource.system(),
                new PrintStream(log, true, StandardCharsets.UTF_8)));
      }
    }

    @Override
    public void update(String node, String value) {
      assertThat(http.postJson(url(node) + "/update", Map.of("value", value)).ok()).isTrue();
    }

    @Override
    public void kill(String node) {
      servers.remove(node).close();
    }

    @Override
    public Map<String, String> await(Predicate<Map<String, String>> done, Duration limit) {
      long until = System.nanoTime() + limit.toNanos();
      Map<String, String> o = outcome();
      while (!done.test(o) && System.nanoTime() < until) {
        try {
          Thread.sleep(INTERVAL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        o = outcome();
      }
      return o;
    }

    private Map<String, String> outcome() {
      Map<String, String> o = new LinkedHashMap<>();
      for (String n : NODES) {
        o.put(n, read(n));
      }
      return o;
    }

    /** A node's line, as the simulator's scenario writes it, from the original's GET /. */
    private String read(String node) {
      try {
        JsonNode body = http.get(url(node) + "/").json();
        GossipState state =
            GossipWire.parse(
                Json.read(
                    Json.text(Map.of("states", body.get("states"), "values", body.get("values"))),
                    Object.class));
        List<String> suspects = new ArrayList<>();
        body.get("suspected").forEach(s -> suspects.add(s.asText()));
        return "{"
            + state
            + "}"
            + (suspects.isEmpty() ? "" : "  suspects " + String.join(", ", suspects));
      } catch (CallFailure e) {
        return "down";
      }
    }

    private String url(String node) {
      return "http://" + addresses.get(node);
    }

    @Override
    public void close() {
      servers.values().forEach(ProtocolServer::close);
      http.close();
    }
  }
}
