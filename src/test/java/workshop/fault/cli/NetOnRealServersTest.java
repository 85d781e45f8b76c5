package workshop.fault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import workshop.cli.Cli;
import workshop.fault.http.NetFaults;
import workshop.fault.http.NetWire;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.support.cli.UserError;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * Every network fault on three real node servers, each with its own fault layer and its own address
 * in the checkout's book, applied through the code path {@code ./workshop net} runs (the command
 * line parsed by the real {@link Cli}). A server's own client (the one its layer decides for)
 * stands for the calls it makes; a plain client stands for curl.
 */
class NetOnRealServersTest {
  @TempDir Path state;

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private final Map<String, NodeServer> servers = new LinkedHashMap<>();
  private final Map<String, NetFaults> layers = new LinkedHashMap<>();
  private final List<WebClient> clients = new ArrayList<>();
  private WebClient curl;
  private CommandLine cli;

  @BeforeEach
  void start() {
    for (int i = 1; i <= 3; i++) {
      startNode(i);
    }
    curl = client(null, Duration.ofSeconds(10));
  }

  private void startNode(int i) {
    String name = "node-" + i;
    NetFaults net = NetFaults.in(state, name, 42, InstantSource.system(), log);
    // Enough workers that a call held by a fault never queues the next one.
    NodeServer node = NodeServer.start(new NodeConfig(i, "127.0.0.1", 0, 0, 64), net, log);
    net.listening(node.url());
    servers.put(name, node);
    layers.put(name, net);
  }

  @AfterEach
  void stop() {
    clients.forEach(WebClient::close);
    layers.values().forEach(NetFaults::close);
    servers.values().forEach(NodeServer::close);
  }

  /** A client of the process named {@code name} (its calls decided by its layer), or curl. */
  private WebClient client(String name, Duration timeout) {
    WebClient.Builder b = WebClient.builder().timeout(timeout);
    if (name != null) {
      b.peerName(name).faults(layers.get(name));
    }
    WebClient c = b.build();
    clients.add(c);
    return c;
  }

  /** {@code ./workshop net <args>}, parsed as the launcher parses it, run on this checkout. */
  private List<String> net(String... args) {
    String[] line = new String[args.length + 1];
    line[0] = "net";
    System.arraycopy(args, 0, line, 1, args.length);
    if (cli == null) {
      cli = Cli.commandLine();
    }
    CommandLine.ParseResult parsed = cli.parseArgs(line);
    NetCommand command = (NetCommand) parsed.subcommand().commandSpec().userObject();
    return command.run(state);
  }

  private String url(String name) {
    return servers.get(name).url();
  }

  private static CallFailure failure(Runnable call) {
    try {
      call.run();
    } catch (CallFailure f) {
      return f;
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void aPartitionMakesCallsAcrossItTimeOutAndHealRestoresThem() {
    WebClient node1 = client("node-1", Duration.ofMillis(300));
    List<String> said = net("partition", "node-1,node-2", "from", "node-3");
    assertThat(said.get(0))
        .isEqualTo(
            "partition node-1,node-2 | node-3: calls between the sides time out (nothing comes"
                + " back); calls within a side work");
    assertThat(said.get(1)).startsWith("Sent to 3 servers (node-1, node-2, node-3)");

    assertThat(node1.get(url("node-2") + "/", Duration.ofSeconds(10)).ok()).isTrue();
    long t0 = System.nanoTime();
    CallFailure cut = failure(() -> node1.get(url("node-3") + "/"));
    assertThat(cut.kind()).isEqualTo(CallFailure.Kind.TIMEOUT);
    assertThat(cut.getMessage()).contains("cut off by partition node-1,node-2 | node-3");
    // Dropped, as by iptables -j DROP: the caller hears nothing until its own 300 ms are up.
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    // curl is on neither side: it reaches everyone, and node-3's /health says what is in force.
    String health = curl.get(url("node-3") + "/health").text();
    assertThat(health).contains("\"faults\":[\"partition node-1,node-2 | node-3: calls between");

    assertThat(net("heal")).first().isEqualTo("heal: every network fault removed");
    assertThat(node1.get(url("node-3") + "/", Duration.ofSeconds(10)).ok()).isTrue();
    assertThat(curl.get(url("node-3") + "/health").text()).doesNotContain("faults");
  }

  @Test
  void aCallFromAProcessThatDoesNotKnowTheCalleeIsDecidedByTheCallee() {
    net("partition", "isolate", "node-3");
    // node-3's own layer decides calls whose caller named itself but did not decide them.
    CallFailure f =
        failure(
            () ->
                curl.send(
                    "GET",
                    url("node-3") + "/",
                    Map.of("X-Workshop-Net", "node-1"),
                    null,
                    Duration.ofMillis(300)));
    assertThat(f.kind()).isEqualTo(CallFailure.Kind.TIMEOUT);
  }

  @Test
  void withRejectACallAcrossThePartitionIsRefusedAtOnce() {
    WebClient node1 = client("node-1", Duration.ofSeconds(5));
    net("partition", "node-1", "from", "node-3", "--reject");
    long t0 = System.nanoTime();
    CallFailure f = failure(() -> node1.get(url("node-3") + "/"));
    assertThat(f.kind()).isEqualTo(CallFailure.Kind.REFUSED);
    // At once, not after the 5 s timeout: 1 s leaves room for a busy machine.
    assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void aOneWayBlockLosesRequestsOneWayAndAnswersTheOther() {
    WebClient node1 = client("node-1", Duration.ofMillis(300));
    WebClient node2 = client("node-2", Duration.ofMillis(300));
    net("block", "node-1", "to", "node-2");
    assertThat(failure(() -> node1.get(url("node-2") + "/")).kind())
        .isEqualTo(CallFailure.Kind.TIMEOUT);
    // node-2's write reaches node-1, which stores it; its answer back to node-2 is what is lost.
    CallFailure lost =
        failure(
            () ->
                node2.postJson(
                    url("node-1") + "/data", Map.of("key", "from-node-2", "value", "arrived")));
    assertThat(lost.kind()).isEqualTo(CallFailure.Kind.TIMEOUT);
    assertThat(lost.getMessage()).contains("its answer was blocked by block node-1->node-2");
    assertThat(curl.get(url("node-1") + "/data/from-node-2").text()).contains("arrived");
    // The other links are untouched.
    assertThat(node1.get(url("node-3") + "/", Duration.ofSeconds(10)).ok()).isTrue();
  }

  @Test
  void aDelayOnANodeGrowsEachRoundTripThroughItByTwiceTheAmount() {
    WebClient node1 = client("node-1", Duration.ofSeconds(10));
    long before = fastest(() -> curl.get(url("node-2") + "/"));
    net("delay", "node-2", "100ms");
    long viaCurl = fastest(() -> curl.get(url("node-2") + "/"));
    long viaNode1 = fastest(() -> node1.get(url("node-2") + "/"));
    // 100 ms on the request and 100 ms on the answer: +200 ms per round trip. The fastest of
    // seven calls is compared, which a busy machine disturbs least. The delay is a sleep, so no
    // call is faster than 200 ms; the growth is 200 ms within -10 ms (the undelayed call's own
    // time varies by a few ms) and +100 ms (a busy two-core machine).
    assertThat(viaCurl).isGreaterThanOrEqualTo(200L);
    assertThat(viaNode1).isGreaterThanOrEqualTo(200L);
    assertThat(viaCurl - before).isBetween(190L, 300L);
    assertThat(viaNode1 - before).isBetween(190L, 300L);
    net("delay", "node-2", "0ms");
    assertThat(fastest(() -> curl.get(url("node-2") + "/")) - before).isLessThan(100L);
  }

  @Test
  void aDelayLongerThanTheCallersTimeoutIsATimeout() {
    WebClient node1 = client("node-1", Duration.ofMillis(200));
    net("delay", "node-1", "to", "node-2", "500ms");
    CallFailure f = failure(() -> node1.get(url("node-2") + "/"));
    assertThat(f.kind()).isEqualTo(CallFailure.Kind.TIMEOUT);
    assertThat(f.getMessage()).contains("the network delays this call by 500 ms");
  }

  @Test
  void lossFailsCallsAtTheRateOfBothDirectionsWithinABinomialBound() throws Exception {
    WebClient node1 = client("node-1", Duration.ofMillis(100));
    net("loss", "node-2", "20%", "--seed", "7");
    // 20 % per direction, so a call survives with 0.8 * 0.8: 36 % of 400 calls fail, 144.
    // sd = sqrt(400 * 0.36 * 0.64) = 9.6; four of them is 38. Only failures the loss caused
    // count (their message names it), so a call slow because the machine is busy does not.
    int n = 400;
    AtomicInteger lost = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < n / 16; i++) {
                      try {
                        node1.get(url("node-2") + "/", Duration.ofMillis(100));
                      } catch (CallFailure f) {
                        (f.getMessage().contains("lost to loss node-2 20%") ? lost : other)
                            .incrementAndGet();
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(lost.get()).isBetween(144 - 38, 144 + 38);
    assertThat(other.get()).as("calls that failed for another reason").isLessThan(20);
  }

  @Test
  void netShowListsWhatIsInForceAndWhatEachServerSays() {
    net("delay", "all", "50ms", "--jitter", "10ms");
    net("loss", "node-3", "5%");
    List<String> shown = net("show");
    assertThat(shown)
        .startsWith(
            "In force (each delay and loss acts per direction; a call crosses two):",
            "  delay all 50ms jitter 10ms: +50 ms ± 10 ms each way: every call takes 100 ms"
                + " longer",
            "  loss node-3 5%: 5% of messages to or from node-3 lost each way: about 9.75% of its"
                + " calls fail (time out)",
            "Servers:");
    assertThat(shown.get(4)).matches("  node-1  127\\.0\\.0\\.1:\\d+ +2 faults in force");
    assertThat(shown).hasSize(7);
    NetWire.State s = curl.get(url("node-2") + "/fault/net").read(NetWire.State.class);
    assertThat(s.faults()).containsExactly("delay all 50ms jitter 10ms", "loss node-3 5%");
    assertThat(s.nodes()).containsOnlyKeys("node-1", "node-2", "node-3");
  }

  @Test
  void aServerThatStartsLaterReadsTheFaultsInForce() {
    net("partition", "isolate", "node-2");
    startNode(4);
    NetWire.State s = curl.get(url("node-4") + "/fault/net").read(NetWire.State.class);
    assertThat(s.faults()).containsExactly("partition isolate node-2");
    assertThat(net("reset"))
        .last()
        .isEqualTo("reset: no network faults, nothing paused on 4 servers");
    assertThat(state.resolve("net/rules.json")).doesNotExist();
    assertThat(curl.get(url("node-4") + "/fault/net").read(NetWire.State.class).faults()).isEmpty();
  }

  @Test
  void aServerSharingItsProcessIsPausedFromWithinAndResumedWithItsState() {
    curl.postJson(url("node-2") + "/data", Map.of("key", "k", "value", "before the pause"));
    Network network = new Network(state, Duration.ofSeconds(2));
    try {
      PauseCommand pause = new PauseCommand();
      pause.name = "node-2";
      assertThat(pause.pause(network).get(0))
          .startsWith("node-2 paused: held from within (pid " + ProcessHandle.current().pid());
      CallFailure f = failure(() -> curl.get(url("node-2") + "/", Duration.ofMillis(300)));
      assertThat(f.kind()).isEqualTo(CallFailure.Kind.TIMEOUT);
      // Its fault routes still answer, so it can be asked and resumed.
      assertThat(curl.get(url("node-2") + "/fault/net").read(NetWire.State.class).paused())
          .isTrue();
      assertThat(net("show")).anyMatch(l -> l.startsWith("  pause node-2: held from within"));
      assertThat(ResumeCommand.resume(network, "node-2").get(0))
          .matches("node-2 resumed after [0-9.]+ s \\(from within\\): it carries on.*");
      assertThat(curl.get(url("node-2") + "/data/k").text()).contains("before the pause");
    } finally {
      network.close();
    }
  }

  @Test
  void pauseForADurationResumesByItself() {
    try (Network network = new Network(state, Duration.ofSeconds(2))) {
      PauseCommand pause = new PauseCommand();
      pause.name = "node-1";
      pause.forWhat = Duration.ofMillis(300);
      pause.pause(network);
      assertThat(network.pauses().find("node-1")).isPresent();
      pause.waitThenResume(network);
      assertThat(network.pauses().find("node-1")).isEmpty();
      assertThat(curl.get(url("node-1") + "/", Duration.ofSeconds(10)).ok()).isTrue();
    }
  }

  @Test
  void pauseAndResumeRefuseWhatTheyCannotDoInOneLine() {
    try (Network network = new Network(state, Duration.ofSeconds(2))) {
      PauseCommand pause = new PauseCommand();
      pause.name = "node-9";
      assertThatThrownBy(() -> pause.pause(network))
          .isInstanceOf(UserError.class)
          .hasMessageStartingWith("no workshop server named node-9 runs; running: node-1");
      pause.name = "node-1";
      pause.forWhat = Duration.ofHours(2);
      assertThatThrownBy(() -> pause.pause(network))
          .hasMessage("--for must be between 1ms and 1h, got 7200000 ms");
      pause.forWhat = null;
      pause.pause(network);
      assertThatThrownBy(() -> pause.pause(network))
          .hasMessage("node-1 is already paused; `./workshop resume node-1` lets it go on");
      ResumeCommand.resume(network, "node-1");
      assertThatThrownBy(() -> ResumeCommand.resume(network, "node-1"))
          .hasMessage("node-1 is not paused");
      assertThatThrownBy(() -> ResumeCommand.resume(network, "node-9"))
          .hasMessageStartingWith("node-9 is not paused (no workshop server named node-9 runs");
    }
  }

  @Test
  void badInputIsAnsweredInOneLineThatSaysWhatToDo() {
    assertThat(refusal("partition", "node-1", "from", "node-9"))
        .isEqualTo(
            "no workshop server named node-9 runs; running: node-1, node-2, node-3 (the names"
                + " ./workshop up prefixes its lines with)");
    assertThat(refusal("delay", "all", "-100ms"))
        .startsWith("net delay: '-100ms' is negative; a duration here is 0ms or more");
    assertThat(refusal("loss", "all", "150%")).startsWith("net loss: 150% is outside 0% to 100%");
    assertThat(refusal("block", "node-1")).startsWith("net block: expected one direction");
    assertThat(refusal("block", "node-1-")).contains("read '>' as a redirection");
    assertThat(refusal("partition", "node-1,node-2")).startsWith("net partition: expected two");
    assertThat(refusal("delay")).startsWith("net delay: missing arguments");
    assertThat(refusal()).startsWith("net needs a fault: partition, block, delay, loss");
    assertThat(refusal("explode", "node-1")).startsWith("'explode' is not a net command");
    assertThat(refusal("crash", "node-2"))
        .isEqualTo("net changes the network; for a process use" + " ./workshop stop node-2");
    assertThat(refusal("loss", "all", "5%", "--jitter", "1ms"))
        .isEqualTo("--jitter goes with delay, not loss");
    assertThat(refusal("show", "everything")).startsWith("net show takes nothing more");
    String[] huge = new String[1200];
    Arrays.fill(huge, "node-1,");
    huge[0] = "partition";
    assertThat(refusal(huge)).matches("net: the fault is \\d+ characters long; at most 4096");
    assertThat(state.resolve("net/rules.json")).as("nothing was put in force").doesNotExist();
  }

  @Test
  void netWithNoServerRunningSaysHowToStartSome(@TempDir Path empty) {
    NetCommand command = new NetCommand();
    command.words = List.of("heal");
    assertThatThrownBy(() -> command.run(empty))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("no workshop server runs from this folder; start some with");
  }

  @Test
  void theFaultRouteRefusesBadBodiesInTheOneErrorShape() {
    String route = url("node-1") + "/fault/net";
    assertThat(post(route, "{not json").status()).isEqualTo(400);
    ClientResponse missing = post(route, "{}");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.text()).contains("field 'faults'");
    ClientResponse bad = post(route, "{\"faults\": [\"delay all -5ms\"]}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.text()).contains("'-5ms' is negative");
    ClientResponse stranger =
        post(route, "{\"faults\": [\"block node-1->node-9\"], \"nodes\": {\"node-1\": \"x:1\"}}");
    assertThat(stranger.status()).isEqualTo(422);
    assertThat(stranger.text()).contains("node-9 is not in the cluster");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      many.add("loss all 1%");
    }
    ClientResponse tooMany = post(route, Json.text(Map.of("faults", many)));
    assertThat(tooMany.status()).isEqualTo(422);
    assertThat(tooMany.text()).contains("holds 65 faults; at most 64");
    ClientResponse pauseOnly = post(route, "{\"faults\": [\"pause node-1\"]}");
    assertThat(pauseOnly.status()).isEqualTo(422);
    assertThat(pauseOnly.text()).contains("only network faults travel this way");
    // Nothing of the above was put in force.
    assertThat(curl.get(route).read(NetWire.State.class).faults()).isEmpty();
  }

  private ClientResponse post(String url, String body) {
    return curl.send(
        "POST",
        url,
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(10));
  }

  private String refusal(String... args) {
    try {
      net(args);
    } catch (UserError e) {
      return e.getMessage();
    }
    throw new AssertionError("net " + String.join(" ", args) + " was accepted");
  }

  /** The fastest of seven calls' round trips, in milliseconds, after three to warm up. */
  private static long fastest(Runnable call) {
    for (int i = 0; i < 3; i++) {
      call.run();
    }
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 7; i++) {
      long t0 = System.nanoTime();
      call.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
    }
    return best;
  }
}
