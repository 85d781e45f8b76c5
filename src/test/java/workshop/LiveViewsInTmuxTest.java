package workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import workshop.balance.http.LbConfig;
import workshop.balance.http.LoadBalancerServer;
import workshop.breaker.http.FlakyServer;
import workshop.gossip.GossipConfig;
import workshop.gossip.GossipMessage;
import workshop.gossip.http.GossipProcess;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.protocol.http.ProtocolServer;
import workshop.ratelimit.RateLimitConfig;
import workshop.resilient.http.TestCluster;
import workshop.support.http.FaultAction;
import workshop.support.http.FaultPolicy;
import workshop.support.http.WebClient;
import workshop.support.term.TmuxPane;

/**
 * Every live view in a real terminal: each runs in a tmux pane resized through 80x24, 100x30,
 * 160x50 and back to 80x24 while the values it shows change, and at every size the screen (tmux's
 * {@code capture-pane}) must be exactly the frame the view rendered, nothing cut by the terminal
 * and nothing left over from earlier frames. Then it ends (Ctrl+C, SIGTERM, its own {@code --calls}
 * or {@code --duration}) and must leave its last frame on screen, the cursor visible and the
 * terminal's modes as they were.
 *
 * <p>The servers each view watches run in this JVM on free ports; three scenarios run at a time,
 * each reported as a test of its own. Skipped where tmux is not installed (macOS and Windows
 * without it); CI installs it ({@code .ci/run}).
 */
class LiveViewsInTmuxTest {
  /** A tmux server of this test's own, on a socket in a temporary directory. */
  static Path socketDir;

  static Path socket;

  /** Columns and rows the pane goes through, shrinking back at the end. */
  static final int[][] SIZES = {{80, 24}, {100, 30}, {160, 50}, {80, 24}};

  static final PrintStream QUIET =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  static final int CTRL_C = 130;
  static final int SIGTERM = 143;

  @BeforeAll
  static void needsTmux() throws Exception {
    assumeTrue(
        TmuxPane.available(),
        "tmux is not installed: these tests draw every live view in a real terminal"
            + " (Debian/Ubuntu: apt-get install tmux; macOS: brew install tmux)");
    socketDir = Files.createTempDirectory("tmux-views");
    socket = socketDir.resolve("s");
  }

  @AfterAll
  static void stopTmux() throws Exception {
    if (socket != null) {
      TmuxPane.killServer(socket);
      Files.deleteIfExists(socketDir);
    }
  }

  /** One scenario: a view, what it watches, the sizes, and how it ends. */
  interface Scenario {
    void run() throws Exception;
  }

  /**
   * The scenarios run three at a time (each view is a JVM of its own, mostly waiting for frames),
   * and each is reported as a test of its own.
   */
  @TestFactory
  Stream<DynamicTest> everyLiveViewInARealTerminal() {
    Map<String, Scenario> scenarios = new LinkedHashMap<>();
    scenarios.put(
        "loadBalanceViewIsExactAtEverySizeAndCtrlCGivesTheTerminalBack",
        LiveViewsInTmuxTest::loadBalanceViewIsExactAtEverySizeAndCtrlCGivesTheTerminalBack);
    scenarios.put(
        "rateLimitViewCountsRightOnScreenAndSigtermGivesTheTerminalBack",
        LiveViewsInTmuxTest::rateLimitViewCountsRightOnScreenAndSigtermGivesTheTerminalBack);
    scenarios.put(
        "breakerViewIsExactThroughEveryStateAndCtrlCGivesTheTerminalBack",
        LiveViewsInTmuxTest::breakerViewIsExactThroughEveryStateAndCtrlCGivesTheTerminalBack);
    scenarios.put(
        "gossipViewIsExactAsUpdatesSpreadAndSigtermGivesTheTerminalBack",
        LiveViewsInTmuxTest::gossipViewIsExactAsUpdatesSpreadAndSigtermGivesTheTerminalBack);
    scenarios.put(
        "dashboardFitsEveryTerminalSaysWhatItHidesAndCtrlCGivesTheTerminalBack",
        LiveViewsInTmuxTest::dashboardFitsEveryTerminalSaysWhatItHidesAndCtrlCGivesTheTerminalBack);
    scenarios.put(
        "aViewEndingByItselfLeavesItsLastFrameAndTheCursor",
        LiveViewsInTmuxTest::aViewEndingByItselfLeavesItsLastFrameAndTheCursor);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<DynamicTest> tests = new ArrayList<>();
    scenarios.forEach(
        (name, scenario) -> {
          Future<?> done =
              pool.submit(
                  () -> {
                    scenario.run();
                    return null;
                  });
          tests.add(
              DynamicTest.dynamicTest(
                  name,
                  () -> {
                    try {
                      done.get(3, TimeUnit.MINUTES);
                    } catch (ExecutionException e) {
                      throw e.getCause();
                    }
                  }));
        });
    pool.shutdown();
    return tests.stream();
  }

  static void loadBalanceViewIsExactAtEverySizeAndCtrlCGivesTheTerminalBack() throws Exception {
    // Slow answers (20 ms) keep the traffic light; the counts still change every refresh.
    FaultPolicy slow =
        new FaultPolicy() {
          @Override
          public FaultAction inbound(String fromPeer, String method, String path) {
            return path.equals("/")
                ? new FaultAction.Delay(Duration.ofMillis(20))
                : FaultAction.PASS;
          }

          @Override
          public FaultAction outbound(String toPeer, String method, String path) {
            return FaultAction.PASS;
          }
        };
    NodeServer a = NodeServer.start(new NodeConfig(1, "127.0.0.1", 0, 0, 4), slow, QUIET);
    NodeServer b = NodeServer.start(new NodeConfig(2, "127.0.0.1", 0, 0, 4), slow, QUIET);
    // The balancer runs here, not inside the view: the check freezes the view's JVM, and a
    // balancer frozen with it would miss its health checks.
    LoadBalancerServer lb =
        LoadBalancerServer.start(
            new LbConfig(
                "127.0.0.1",
                0,
                List.of(a.url(), b.url()),
                List.of(),
                "round-robin",
                42,
                LbConfig.DEFAULT_TIMEOUT,
                LbConfig.DEFAULT_CHECK_EVERY,
                null),
            QUIET);
    try (TmuxPane pane =
        start(
            "lb",
            "viz",
            "load-balance",
            "--target",
            lb.url(),
            "--concurrent",
            "2",
            "--every",
            "100ms")) {
      throughEverySize(pane, size -> {});
      pane.keys("C-c");
      assertEndsClean(pane, CTRL_C);
    } finally {
      lb.close();
      a.close();
      b.close();
    }
  }

  static void rateLimitViewCountsRightOnScreenAndSigtermGivesTheTerminalBack() throws Exception {
    try (NodeServer node =
            NodeServer.start(
                new NodeConfig(4, "127.0.0.1", 0, 0, 4),
                FaultPolicy.NONE,
                QUIET,
                new RateLimitConfig(RateLimitConfig.Strategy.TOKEN_BUCKET, 5, 5));
        TmuxPane pane =
            start("rate", "viz", "rate-limit", "--target", node.url(), "--every", "100ms")) {
      throughEverySize(pane, size -> {});
      pane.signal("TERM");
      assertEndsClean(pane, SIGTERM);
    }
  }

  static void breakerViewIsExactThroughEveryStateAndCtrlCGivesTheTerminalBack() throws Exception {
    try (FlakyServer server = FlakyServer.start("127.0.0.1", 0, new SplittableRandom(1), QUIET);
        WebClient http = WebClient.create(Duration.ofSeconds(5));
        TmuxPane pane =
            start(
                "breaker",
                "viz",
                "breaker",
                "--target",
                server.url() + "/",
                "--every",
                "100ms",
                "--open-duration",
                "500ms")) {
      // Fail, recover, fail: the circuit opens, half-opens and closes while the sizes change.
      String[] faults = {"/fail", "/recover", "/fail", "/recover"};
      throughEverySize(pane, size -> http.post(server.url() + faults[size]));
      pane.keys("C-c");
      assertEndsClean(pane, CTRL_C);
    }
  }

  static void gossipViewIsExactAsUpdatesSpreadAndSigtermGivesTheTerminalBack() throws Exception {
    List<ProtocolServer<GossipMessage>> nodes = new ArrayList<>();
    try (WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      nodes.add(gossip(1, List.of()));
      nodes.add(gossip(2, List.of(nodes.get(0).url().substring(7))));
      nodes.add(
          gossip(3, List.of(nodes.get(0).url().substring(7), nodes.get(1).url().substring(7))));
      String watched =
          String.join(",", nodes.stream().map(n -> Integer.toString(n.port())).toList())
              + ","
              + freePort();
      try (TmuxPane pane =
          start("gossip", "viz", "gossip", "--nodes", watched, "--every", "100ms")) {
        throughEverySize(pane, size -> http.post(nodes.get(size % 3).url() + "/update"));
        pane.signal("TERM");
        assertEndsClean(pane, SIGTERM);
      }
    } finally {
      nodes.forEach(ProtocolServer::close);
    }
  }

  static void dashboardFitsEveryTerminalSaysWhatItHidesAndCtrlCGivesTheTerminalBack()
      throws Exception {
    try (TestCluster cluster = TestCluster.start(QUIET);
        WebClient http = WebClient.create(Duration.ofSeconds(5));
        TmuxPane pane =
            start("dashboard", "dashboard", "--registry", cluster.url(), "--interval", "200ms")) {
      List<TmuxPane.Drawn> seen = new ArrayList<>();
      throughEverySize(
          pane,
          size ->
              http.postJson(
                  cluster.url() + "/data", Map.of("key", "user:" + size, "value", "v" + size)),
          seen);
      // 80x24 is too short for the whole dashboard: it says so rather than cut it silently.
      assertThat(seen.get(0).lines()).last().asString().startsWith("… hidden: ");
      assertThat(seen.get(seen.size() - 1).lines()).last().asString().contains("or --once)");
      pane.keys("C-c");
      assertEndsClean(pane, CTRL_C);
    }
  }

  static void aViewEndingByItselfLeavesItsLastFrameAndTheCursor() throws Exception {
    try (FlakyServer server = FlakyServer.start("127.0.0.1", 0, new SplittableRandom(2), QUIET);
        WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      http.post(server.url() + "/flaky?rate=0.5");
      try (TmuxPane calls =
          TmuxPane.start(
              socket,
              "calls",
              100,
              30,
              List.of(
                  "viz",
                  "breaker",
                  "--target",
                  server.url() + "/",
                  "--every",
                  "30ms",
                  "--calls",
                  "40"))) {
        assertEndsClean(calls, 0);
        assertThat(calls.frame().count()).as("frames drawn").isGreaterThanOrEqualTo(40);
      }
    }
    try (NodeServer node =
            NodeServer.start(new NodeConfig(5, "127.0.0.1", 0, 0, 4), FaultPolicy.NONE, QUIET);
        TmuxPane timed =
            TmuxPane.start(
                socket,
                "timed",
                80,
                24,
                List.of(
                    "viz",
                    "rate-limit",
                    "--target",
                    node.url(),
                    "--every",
                    "100ms",
                    "--duration",
                    "2s"))) {
      assertEndsClean(timed, 0);
    }
  }

  private static TmuxPane start(String session, String... args) throws Exception {
    return TmuxPane.start(socket, session, SIZES[0][0], SIZES[0][1], List.of(args));
  }

  private static void throughEverySize(TmuxPane pane, IntConsumer change) throws Exception {
    throughEverySize(pane, change, new ArrayList<>());
  }

  /**
   * At each size: a change of what the view watches ({@code change} gets the size's index), a few
   * more frames, then the check. Every frame checked must differ from the others.
   */
  private static void throughEverySize(TmuxPane pane, IntConsumer change, List<TmuxPane.Drawn> seen)
      throws Exception {
    for (int i = 0; i < SIZES.length; i++) {
      int columns = SIZES[i][0];
      int rows = SIZES[i][1];
      if (i > 0) {
        pane.resize(columns, rows);
      }
      change.accept(i);
      pane.awaitFrames(3, columns, rows);
      seen.add(pane.assertShowsItsFrame());
    }
    Set<List<String>> distinct = new HashSet<>();
    seen.forEach(d -> distinct.add(d.lines()));
    assertThat(distinct).as("frames checked that differ from one another").hasSize(seen.size());
  }

  /** The view has ended: its last frame stays, the cursor is back, the modes are as before. */
  private static void assertEndsClean(TmuxPane pane, int exitCode) throws Exception {
    assertThat(pane.awaitExit()).as("exit code").isEqualTo(exitCode);
    TmuxPane.Drawn last = pane.frame();
    assertThat(last.state())
        .as("the frame file after the end; screen:\n%s", String.join("\n", pane.settledScreen()))
        .isEqualTo("closed");
    assertThat(pane.settledScreen()).as("the screen after the end").isEqualTo(last.lines());
    assertThat(pane.cursorVisible()).as("cursor visible after the end").isTrue();
    List<String> modes = pane.modesBeforeAndAfter();
    assertThat(modes.get(1)).as("terminal modes after the end").isEqualTo(modes.get(0));
  }

  private static ProtocolServer<GossipMessage> gossip(int id, List<String> neighbors) {
    return GossipProcess.start(
        new GossipProcess.Settings(
            id,
            "127.0.0.1",
            0,
            "gossip-" + id,
            GossipProcess.Settings.byAddress(neighbors),
            GossipConfig.DEFAULTS.withInterval(Duration.ofMillis(200))),
        id,
        FaultPolicy.NONE,
        InstantSource.system(),
        QUIET);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort(); // nothing listens once closed
    }
  }
}
