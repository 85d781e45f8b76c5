package workshop.fault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import workshop.fault.http.NetFaults;
import workshop.membership.MembershipConfig;
import workshop.membership.http.MembershipWire;
import workshop.quorum.QuorumConfig;
import workshop.resilient.http.RegistryServer;
import workshop.resilient.http.RegistryWire;
import workshop.resilient.http.ResilientNodeServer;
import workshop.resilient.http.ResilientNodeWire;
import workshop.support.http.CallFailure;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebClient;
import workshop.support.json.Json;
import workshop.support.proc.ChildProcess;
import workshop.support.proc.ProcessRecords;
import workshop.support.proc.Supervisor;

/**
 * The capstone's registry and replicas under {@code ./workshop net} and {@code ./workshop pause}:
 * heartbeats are real calls between real servers, each deciding them through its own fault layer,
 * and the registry's failure detector is the witness. Fast heartbeats (every 100 ms, dead after 2 s
 * of silence) keep each scenario to seconds.
 */
class CapstoneUnderFaultsTest {
  static final Duration HEARTBEAT = Duration.ofMillis(100);
  static final MembershipConfig FAST =
      new MembershipConfig(HEARTBEAT, Duration.ofSeconds(2), Duration.ofMillis(250));

  @TempDir Path state;

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private final WebClient http = WebClient.builder().timeout(Duration.ofSeconds(5)).build();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private RegistryServer registry;
  private Supervisor supervisor;

  private NetFaults layer(String name) {
    NetFaults net = NetFaults.in(state, name, 1, InstantSource.system(), log);
    closing.add(net);
    return net;
  }

  private void startRegistry() {
    NetFaults net = layer("registry");
    registry =
        RegistryServer.start(
            "127.0.0.1",
            0,
            FAST,
            QuorumConfig.DEFAULT,
            null,
            net,
            TokenTrust.none(),
            InstantSource.system(),
            log);
    net.listening(registry.url());
  }

  private ResilientNodeServer startNode(String id) {
    NetFaults net = layer(id);
    ResilientNodeServer node =
        ResilientNodeServer.start(
            id, "127.0.0.1", 0, registry.url(), HEARTBEAT, Duration.ofSeconds(1), 3, net, log);
    net.listening(node.url());
    closing.add(node);
    return node;
  }

  @AfterEach
  void stop() throws Exception {
    if (supervisor != null) {
      supervisor.stopAll(Duration.ofSeconds(3));
    }
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    if (registry != null) {
      registry.close();
    }
    http.close();
  }

  private List<String> net(String... words) {
    NetCommand command = new NetCommand();
    command.words = List.of(words);
    return command.run(state);
  }

  @Test
  void aNodeCutOffFromTheRegistryIsDeclaredDeadAndHealingBringsItBack() {
    startRegistry();
    startNode("node-1");
    startNode("node-3");
    await(s -> "alive".equals(s.get("node-1")) && "alive".equals(s.get("node-3")));
    net("partition", "registry,node-1", "from", "node-3");
    assertThat(await(s -> "dead".equals(s.get("node-3"))))
        .containsEntry("node-3", "dead")
        .containsEntry("node-1", "alive");
    net("heal");
    assertThat(await(s -> "alive".equals(s.get("node-3")))).containsEntry("node-3", "alive");
    assertThat(events()).anyMatch(l -> l.startsWith("node-3: alive -> dead: missed heartbeats"));
  }

  @Test
  void aOneWayBlockFromTheRegistryLetsHeartbeatsInSoTheNodeStaysAlive() throws Exception {
    startRegistry();
    startNode("node-1");
    await(s -> "alive".equals(s.get("node-1")));
    // node-1's heartbeats still reach the registry; only the registry's answers are lost.
    net("block", "registry", "to", "node-1");
    Thread.sleep(FAST.timeout().toMillis() + 1000);
    assertThat(statuses()).containsEntry("node-1", "alive");
    // The other way round, the heartbeats themselves are lost.
    net("heal");
    net("block", "node-1", "to", "registry");
    assertThat(await(s -> "dead".equals(s.get("node-1")))).containsEntry("node-1", "dead");
  }

  @Test
  @EnabledOnOs(
      value = {OS.LINUX, OS.MAC},
      disabledReason = "freezes a child JVM with SIGSTOP, which Windows does not have")
  void aPausedProcessIsDeclaredDeadAndComesBackWithItsOldState() throws IOException {
    startRegistry();
    startNode("node-1");
    supervisor = new Supervisor(log, new ProcessRecords(state), true);
    ChildProcess child = supervisor.start("node-2", nodeArgs("node-2", freePort()));
    Map<String, String> up =
        await(s -> "alive".equals(s.get("node-1")) && "alive".equals(s.get("node-2")), 90);
    assertThat(up).containsEntry("node-2", "alive");
    try (Network network = new Network(state, Duration.ofSeconds(2))) {
      String node2 = network.server("node-2").url();
      http.postJson(node2 + "/data", Json.map("key", "before", "value", "kept"));

      PauseCommand pause = new PauseCommand();
      pause.name = "node-2";
      assertThat(pause.pause(network).get(0))
          .matches("node-2 paused: SIGSTOP to pid \\d+ since .*callers time out\\..*");
      // Frozen, not gone: the port still accepts, nobody answers.
      CallFailure silent = catchFailure(() -> http.get(node2 + "/health", Duration.ofMillis(500)));
      assertThat(silent.kind()).isEqualTo(CallFailure.Kind.TIMEOUT);
      assertThat(net("show")).anyMatch(l -> l.matches("  pause node-2: SIGSTOP to pid \\d+.*"));
      assertThat(await(s -> "dead".equals(s.get("node-2")))).containsEntry("node-2", "dead");

      assertThat(ResumeCommand.resume(network, "node-2").get(0))
          .matches("node-2 resumed after [0-9.]+ s \\(SIGCONT to pid \\d+\\).*");
      assertThat(await(s -> "alive".equals(s.get("node-2")))).containsEntry("node-2", "alive");
      // A zombie with its old state: what it held before the pause is still there.
      assertThat(http.get(node2 + "/data/before").read(ResilientNodeWire.Entry.class).value())
          .isEqualTo("kept");
      assertThat(events()).anyMatch(l -> l.startsWith("node-2: alive -> dead: missed heartbeats"));
      assertThat(events()).anyMatch(l -> l.startsWith("node-2: dead -> alive"));

      // Stopped while frozen (./workshop down, stop): it is let go on, so it ends cleanly.
      pause.pause(network);
      long t0 = System.nanoTime();
      supervisor.stop(child, Duration.ofSeconds(10));
      assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(10).toNanos());
      assertThat(child.recentOutput()).anyMatch(l -> l.contains("Node node-2 stopped."));
    }
  }

  private List<String> nodeArgs(String id, int port) {
    return List.of(
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
        "2");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static CallFailure catchFailure(Runnable call) {
    try {
      call.run();
    } catch (CallFailure f) {
      return f;
    }
    throw new AssertionError("the call succeeded");
  }

  private Map<String, String> statuses() {
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

  private List<String> events() {
    return http.get(registry.url() + "/events").read(RegistryWire.Events.class).events().stream()
        .map(RegistryWire.Event::line)
        .toList();
  }

  private Map<String, String> await(Predicate<Map<String, String>> done) {
    return await(done, 30);
  }

  private Map<String, String> await(Predicate<Map<String, String>> done, int seconds) {
    long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
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
}
