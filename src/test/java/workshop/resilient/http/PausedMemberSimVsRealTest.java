package workshop.resilient.http;

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
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import workshop.fault.FaultParser;
import workshop.membership.Member;
import workshop.membership.MembershipConfig;
import workshop.membership.MembershipMessage;
import workshop.membership.MembershipScenario;
import workshop.membership.RegistryNode;
import workshop.membership.http.MembershipWire;
import workshop.quorum.QuorumConfig;
import workshop.sim.Simulation;
import workshop.sim.Step;
import workshop.support.http.CallFailure;
import workshop.support.http.WebClient;
import workshop.support.json.Json;
import workshop.support.proc.ChildProcess;
import workshop.support.proc.Supervisor;

/**
 * One scenario, two worlds: a registry and three members heartbeating every 100 ms; node-2 is
 * paused (its timers and inputs stop, its memory stays) until the registry declares it dead, then
 * resumed. In the simulator (virtual time, seeded) and on real servers (the registry node and the
 * members' nodes in the protocol runner, over HTTP) the same node code must end the same way: the
 * registry declares node-2 dead for missed heartbeats, and alive again at its next heartbeat, with
 * nothing else in between; every member is alive at the end. Real pauses are the runner's own
 * ({@code ProtocolHost.pause}), or SIGSTOP and SIGCONT of a child JVM where the OS has them.
 */
class PausedMemberSimVsRealTest {
  static final List<String> NODES = List.of("registry", "node-1", "node-2", "node-3");
  static final Duration HEARTBEAT = Duration.ofMillis(100);

  /** Dead after 2 s of silence, looked for every 250 ms: long enough for a busy machine. */
  static final MembershipConfig CONFIG =
      new MembershipConfig(HEARTBEAT, Duration.ofSeconds(2), Duration.ofMillis(250));

  static final List<String> EXPECTED =
      List.of(
          "node-2: alive -> dead: missed heartbeats: silent for # s (timeout 2.0 s)",
          "node-2: dead -> alive: heartbeat again after # s of silence");

  /** What the scenario needs from a world. */
  interface Cluster extends AutoCloseable {
    void pause(String node);

    void resume(String node);

    /** The registry's status of each member, such as {@code alive}. */
    Map<String, String> statuses();

    /** The registry's event lines about {@code node}, oldest first. */
    List<String> events(String node);

    /** Lets time pass until {@code done} holds or {@code limit} passes. */
    Map<String, String> await(Predicate<Map<String, String>> done, Duration limit);

    @Override
    void close();
  }

  @Test
  void theSimulatorAndAPausedNodeInTheRunnerEndTheSameWay() throws IOException {
    List<String> simulated;
    try (Cluster c = new SimulatedCluster()) {
      simulated = scenario(c);
    }
    List<String> real;
    try (RealCluster c = new RealCluster(false)) {
      c.node(2).write("user:paused", "kept");
      real = scenario(c);
      assertThat(c.node(2).read("user:paused"))
          .as("a paused node keeps its memory")
          .isEqualTo("kept");
    }
    assertThat(simulated).isEqualTo(EXPECTED);
    assertThat(real).isEqualTo(simulated);
  }

  @Test
  @EnabledOnOs(
      value = OS.LINUX,
      disabledReason = "pauses a child JVM with kill -STOP and -CONT, as on Linux")
  void theSimulatorAndAStoppedChildProcessEndTheSameWay() throws IOException {
    List<String> simulated;
    try (Cluster c = new SimulatedCluster()) {
      simulated = scenario(c);
    }
    List<String> real;
    try (RealCluster c = new RealCluster(true)) {
      real = scenario(c);
    }
    assertThat(real).isEqualTo(simulated).isEqualTo(EXPECTED);
  }

  private static List<String> scenario(Cluster c) {
    Map<String, String> before =
        c.await(s -> s.size() == 3 && s.values().stream().allMatch("alive"::equals), seconds(60));
    assertThat(before).as("everyone registered").containsOnlyKeys("node-1", "node-2", "node-3");
    int mark = c.events("node-2").size();
    c.pause("node-2");
    Map<String, String> paused = c.await(s -> "dead".equals(s.get("node-2")), seconds(30));
    assertThat(paused.get("node-2")).isEqualTo("dead");
    c.resume("node-2");
    Map<String, String> after =
        c.await(s -> s.values().stream().allMatch("alive"::equals), seconds(30));
    assertThat(after.values()).as("everyone alive again: " + after).allMatch("alive"::equals);
    List<String> lines = c.events("node-2");
    return lines.subList(mark, lines.size()).stream()
        .map(PausedMemberSimVsRealTest::plain)
        .toList();
  }

  /** The event without what differs between worlds: addresses and measured durations. */
  static String plain(String line) {
    return line.replaceAll(" from http://\\S+$", "")
        .replaceAll("silent for [0-9.]+ s", "silent for # s")
        .replaceAll("after [0-9.]+ s of silence", "after # s of silence");
  }

  private static Duration seconds(int n) {
    return Duration.ofSeconds(n);
  }

  /** The simulator, with the node code and the settings of the real cluster. */
  static final class SimulatedCluster implements Cluster {
    final List<String> registryEvents = new ArrayList<>();
    final Simulation<MembershipMessage> sim =
        Simulation.builder(
                NODES,
                new MembershipScenario()
                    .factory(
                        NODES, Map.of("heartbeat", "100ms", "timeout", "2s", "sweep", "250ms")))
            .seed(1)
            .latency(Duration.ofMillis(1), Duration.ofMillis(5))
            .callTimeout(Duration.ofSeconds(2))
            .observer(this::observe)
            .build();

    SimulatedCluster() {
      sim.startAll();
    }

    private void observe(Step<MembershipMessage> step) {
      if (step.node().equals("registry")) {
        step.effects().events().forEach(e -> registryEvents.add(e.toString()));
      }
    }

    @Override
    public void pause(String node) {
      sim.apply(FaultParser.parse("pause " + node));
    }

    @Override
    public void resume(String node) {
      sim.apply(FaultParser.parse("resume " + node));
    }

    @Override
    public Map<String, String> statuses() {
      Map<String, String> s = new LinkedHashMap<>();
      for (Member m : ((RegistryNode) sim.node("registry")).members()) {
        s.put(m.id(), m.status().wireName());
      }
      return s;
    }

    @Override
    public List<String> events(String node) {
      return registryEvents.stream().filter(l -> l.startsWith(node + ":")).toList();
    }

    @Override
    public Map<String, String> await(Predicate<Map<String, String>> done, Duration limit) {
      long until = sim.nowMillis() + limit.toMillis();
      while (!done.test(statuses()) && sim.nowMillis() < until) {
        sim.runFor(HEARTBEAT);
      }
      return statuses();
    }

    @Override
    public void close() {}
  }

  /**
   * A registry and three replicas in this JVM on free ports; with {@code child}, node-2 runs in a
   * JVM of its own instead, paused with SIGSTOP.
   */
  static final class RealCluster implements Cluster {
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    final WebClient http = WebClient.builder().timeout(Duration.ofSeconds(5)).build();
    final RegistryServer registry;
    final Map<String, ResilientNodeServer> nodes = new LinkedHashMap<>();
    final Supervisor supervisor = new Supervisor(log, null, true);
    ChildProcess child;

    RealCluster(boolean child) throws IOException {
      registry =
          RegistryServer.start(
              "127.0.0.1", 0, CONFIG, QuorumConfig.DEFAULT, null, InstantSource.system(), log);
      for (int i = 1; i <= 3; i++) {
        String id = "node-" + i;
        if (child && i == 2) {
          this.child = startChild(id);
        } else {
          nodes.put(
              id,
              ResilientNodeServer.start(
                  id, "127.0.0.1", 0, registry.url(), HEARTBEAT, Duration.ofSeconds(1), i, log));
        }
      }
    }

    private ChildProcess startChild(String id) throws IOException {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      return supervisor.start(
          id,
          List.of(
              "resilient-node",
              "--port",
              Integer.toString(port),
              "--id",
              id,
              "--registry",
              registry.url(),
              "--heartbeat",
              "100ms",
              "--anti-entropy",
              "1s",
              "--seed",
              "2"));
    }

    Replica node(int i) {
      return new Replica(nodes.get("node-" + i).url());
    }

    /** One replica's own routes. */
    final class Replica {
      final String url;

      Replica(String url) {
        this.url = url;
      }

      void write(String key, String value) {
        assertThat(http.postJson(url + "/data", Json.map("key", key, "value", value)).ok())
            .isTrue();
      }

      String read(String key) {
        return http.get(url + "/data/" + key).read(ResilientNodeWire.Entry.class).value();
      }
    }

    @Override
    public void pause(String node) {
      if (child != null && node.equals("node-2")) {
        signal("-STOP");
      } else {
        nodes.get(node).host().pause();
      }
    }

    @Override
    public void resume(String node) {
      if (child != null && node.equals("node-2")) {
        signal("-CONT");
      } else {
        nodes.get(node).host().resume();
      }
    }

    private void signal(String which) {
      try {
        Process kill =
            new ProcessBuilder("kill", which, Long.toString(child.pid()))
                .redirectErrorStream(true)
                .start();
        assertThat(kill.waitFor()).as("kill " + which).isZero();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public Map<String, String> statuses() {
      Map<String, String> s = new LinkedHashMap<>();
      try {
        for (MembershipWire.Node n :
            http.get(registry.url() + "/nodes").read(MembershipWire.Nodes.class).nodes()) {
          s.put(n.node_id(), n.status());
        }
      } catch (CallFailure e) {
        // A busy moment: the next poll will do.
      }
      return s;
    }

    @Override
    public List<String> events(String node) {
      return http.get(registry.url() + "/events").read(RegistryWire.Events.class).events().stream()
          .map(RegistryWire.Event::line)
          .filter(l -> l.startsWith(node + ":"))
          .toList();
    }

    @Override
    public Map<String, String> await(Predicate<Map<String, String>> done, Duration limit) {
      long until = System.nanoTime() + limit.toNanos();
      Map<String, String> s = statuses();
      while (!done.test(s) && System.nanoTime() < until) {
        try {
          Thread.sleep(HEARTBEAT.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        s = statuses();
      }
      return s;
    }

    @Override
    public void close() {
      if (child != null) {
        signal("-CONT");
      }
      nodes.values().forEach(ResilientNodeServer::close);
      supervisor.stopAll(Duration.ofSeconds(3));
      registry.close();
      http.close();
    }
  }
}
