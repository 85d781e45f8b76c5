package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import workshop.balance.http.LbConfig;
import workshop.balance.http.LoadBalancerServer;
import workshop.breaker.http.FlakyServer;
import workshop.cap.CapConfig;
import workshop.cap.CapMode;
import workshop.cap.http.CapServer;
import workshop.cascade.CascadePlan;
import workshop.cascade.Tier;
import workshop.cascade.http.TierServer;
import workshop.gossip.GossipConfig;
import workshop.gossip.http.GossipProcess;
import workshop.membership.MembershipConfig;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.protocol.http.ProtocolServer;
import workshop.quorum.QuorumConfig;
import workshop.quorum.http.ReplicaServer;
import workshop.resilient.http.RegistryServer;
import workshop.resilient.http.ResilientNodeServer;
import workshop.sharding.HashRing;
import workshop.sharding.http.ShardRouterServer;
import workshop.support.json.Json;

/**
 * Malformed, oversized, slow and idle clients over raw sockets, against every kind of server the
 * workshop runs: each must answer a broken request with a JSON 4xx in the one error shape (505 for
 * an HTTP version other than 1.1 and 1.0) and close the connection, and must close connections that
 * send their request too slowly or sit idle, so that no client can hold a socket for ever. The
 * servers start here on port 0 with their timeouts shortened to fractions of a second.
 */
class HostileClientsTest {
  private static final long HEAD_MS = 600;
  private static final long BODY_MS = 600;

  /**
   * Set only while the idle test runs: a fresh JVM on a busy machine can take longer than this to
   * parse its first requests, and the library's idle clock ticks in whole seconds.
   */
  private static final long IDLE_MS = 1500;

  private static final long WRITE_MS = 600;

  /** How long after its deadline a connection may still be open: sweeps, scheduling, a busy CI. */
  private static final long SLACK_MS = 2500;

  private static final String[] SETTINGS = {
    "head-timeout", "body-timeout", "write-timeout", "sweep-every"
  };

  @BeforeAll
  static void shortTimeouts() {
    long[] values = {HEAD_MS, BODY_MS, WRITE_MS, 100};
    for (int i = 0; i < SETTINGS.length; i++) {
      System.setProperty("workshop.http." + SETTINGS[i] + "-ms", String.valueOf(values[i]));
    }
  }

  @AfterAll
  static void defaultTimeouts() {
    for (String s : SETTINGS) {
      System.clearProperty("workshop.http." + s + "-ms");
    }
    System.clearProperty("workshop.http.idle-timeout-ms");
  }

  /** A hostile request, and the answer it must get. */
  record Case(String name, String request, int status, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Case> CASES =
      List.of(
          new Case("%G1 in the path", get("/health%G1"), 400, "malformed_request"),
          new Case("a backslash in the path", get("/he\\alth"), 400, "malformed_request"),
          new Case(
              "CONNECT",
              "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
              405,
              "method_not_allowed"),
          new Case("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 400, "malformed_request"),
          new Case(
              "a negative Content-Length",
              "POST /data HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nhello",
              400,
              "malformed_request"),
          new Case(
              "two Content-Lengths",
              "POST /data HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
                  + "hello!",
              400,
              "malformed_request"),
          new Case(
              "Content-Length with Transfer-Encoding",
              "POST /data HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
              400,
              "malformed_request"),
          new Case(
              "a header without a colon",
              "GET /health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
              400,
              "malformed_request"),
          new Case(
              "a chunk size that is not hex",
              "POST /data HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + "zz\r\nhello\r\n0\r\n\r\n",
              400,
              "bad_request"),
          new Case(
              "a chunk size over 4 GiB",
              "POST /data HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + "fffffffffff\r\nhello\r\n0\r\n\r\n",
              400,
              "bad_request"),
          new Case(
              "1,000 header fields",
              "GET /health HTTP/1.1\r\nHost: x\r\n" + "X-A: b\r\n".repeat(1000) + "\r\n",
              431,
              "too_many_headers"),
          new Case(
              "bare LF line endings",
              "GET /health HTTP/1.1\nHost: x\n\n",
              400,
              "malformed_request"),
          new Case(
              "Expect: 100-continue with a body over the limit",
              "POST /data HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                  + "Content-Length: 5000000\r\n\r\n",
              413,
              "body_too_large"),
          new Case(
              "HTTP/9.9",
              "GET /health HTTP/9.9\r\nHost: x\r\n\r\n",
              505,
              "http_version_not_supported"),
          new Case(
              "HTTP/1.0 without Host", "GET /health HTTP/1.0\r\n\r\n", 400, "malformed_request"),
          new Case(
              "HTTP/2 with prior knowledge",
              "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
              505,
              "http_version_not_supported"),
          new Case("HTTP/0.9", "GET /health\r\n", 400, "malformed_request"),
          new Case(
              "a request line over 8 KiB",
              get("/health?q=" + "x".repeat(9000)),
              414,
              "uri_too_long"),
          new Case(
              "a head over 64 KiB",
              "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "v".repeat(70_000) + "\r\n\r\n",
              431,
              "head_too_large"),
          new Case("no Host header", "GET /health HTTP/1.1\r\n\r\n", 400, "malformed_request"),
          new Case(
              "binary garbage", "\u0001\u0002\u0003 garbage\r\n\r\n", 400, "malformed_request"));

  static Stream<String> kinds() {
    return Stream.of(
        "node",
        "balancer",
        "router",
        "replica",
        "gossip node",
        "flaky server",
        "cascade tier",
        "registry",
        "resilient node");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void answersEveryMalformedRequestWithJsonAndClosesTheConnection(String kind) throws Exception {
    try (Running server = start(kind)) {
      for (Case c : CASES) {
        try (RawHttp client = new RawHttp(server.port())) {
          client.send(c.request());
          RawHttp.Answer answer;
          try {
            answer = client.read();
          } catch (IOException e) {
            throw new AssertionError(kind + ", " + c.name() + ": no answer", e);
          }
          String what = kind + ", " + c.name() + ": " + answer.body();
          assertThat(answer.status()).as(what).isEqualTo(c.status());
          assertThat(answer.header("Content-Type")).as(what).isEqualTo(Response.JSON);
          JsonNode body = Json.parse(answer.body().getBytes(StandardCharsets.UTF_8));
          assertThat(body.path("error").asText()).as(what).isEqualTo(c.error());
          assertThat(body.path("status").asInt()).as(what).isEqualTo(c.status());
          assertThat(body.path("detail").asText()).as(what).hasSizeGreaterThan(10);
          assertThat(client.closedByServer()).as(what + " (connection closed)").isTrue();
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void closesSlowHeadsSlowBodiesAndIdleConnections(String kind) throws Exception {
    System.setProperty("workshop.http.idle-timeout-ms", String.valueOf(IDLE_MS));
    Running started;
    try {
      started = start(kind);
    } finally {
      System.clearProperty("workshop.http.idle-timeout-ms");
    }
    try (Running server = started) {
      int port = server.port();
      ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
      try {
        Future<Long> stalledHead =
            pool.submit(() -> closedAfter(port, "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: a", 0));
        Future<Long> trickledHead =
            pool.submit(
                () ->
                    closedAfter(port, "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: abcdefgh", 200));
        Future<Long> stalledBody =
            pool.submit(
                () ->
                    closedAfter(
                        port,
                        "POST /data HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123",
                        0));
        Future<Long> silent = pool.submit(() -> closedAfter(port, "", 0));
        Future<Long> idle = pool.submit(() -> idleClosedAfter(port));
        // Closed by the deadline: not before it, and not long after.
        assertThat(stalledHead.get())
            .as(kind + ": head that stops")
            .isBetween(HEAD_MS - 100, HEAD_MS + SLACK_MS);
        assertThat(trickledHead.get())
            .as(kind + ": head sent a byte every 200 ms")
            .isBetween(HEAD_MS - 100, HEAD_MS + SLACK_MS);
        assertThat(stalledBody.get())
            .as(kind + ": body that stops")
            .isBetween(BODY_MS - 100, BODY_MS + SLACK_MS);
        // The library measures idleness from a clock that ticks once a second.
        assertThat(silent.get())
            .as(kind + ": connection that sends nothing")
            .isBetween(IDLE_MS - 1100, IDLE_MS + SLACK_MS);
        assertThat(idle.get())
            .as(kind + ": idle keep-alive")
            .isBetween(IDLE_MS - 1100, IDLE_MS + SLACK_MS);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void fiveHundredSlowConnectionsAreClosedWhileNormalClientsAreServed() throws Exception {
    try (Running server = start("node");
        WebClient normal = WebClient.create(Duration.ofSeconds(5))) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 500; i++) {
          Socket s = new Socket("127.0.0.1", server.port());
          s.setSoTimeout((int) (HEAD_MS + SLACK_MS + 3000));
          s.getOutputStream()
              .write(
                  ("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow-" + i + ": ")
                      .getBytes(StandardCharsets.US_ASCII));
          slow.add(s);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
          long c0 = System.nanoTime();
          assertThat(normal.get(server.url() + "/health").status()).isEqualTo(200);
          // Not a latency benchmark: only a sign that no slow client holds the server up.
          assertThat((System.nanoTime() - c0) / 1_000_000)
              .as("normal call %d, ms", i)
              .isLessThan(1000);
        }
        for (Socket s : slow) {
          assertThat(closedBy(s)).isTrue();
        }
        long all = (System.nanoTime() - t0) / 1_000_000;
        assertThat(all).as("ms until all 500 were closed").isLessThan(HEAD_MS + SLACK_MS + 3000);
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  @Test
  void closesTheConnectionOfAClientThatStopsReadingItsAnswer() throws Exception {
    byte[] big = new byte[32 * 1024 * 1024];
    try (WebServer server =
            WebServer.builder("big")
                .routes(
                    new Routes()
                        .get("/big", r -> Response.bytes(200, "application/octet-stream", big)))
                .start();
        Socket s = new Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write(get("/big").getBytes(StandardCharsets.US_ASCII));
      // Read nothing for a while: the server's write blocks once the socket buffers are full,
      // and its deadline passes. What the buffers held still arrives, then the end.
      Thread.sleep(WRITE_MS + SLACK_MS);
      assertThat(((HelidonTransport) server.transport()).deadlines().expired()).isEqualTo(1);
      s.setSoTimeout(5000);
      InputStream in = s.getInputStream();
      long read = 0;
      try {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
          read += n;
        }
      } catch (SocketException e) {
        // reset: closed too
      }
      assertThat(read).as("bytes received before the server gave up").isLessThan(big.length);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }

  /**
   * Sends {@code start}, then one more header byte every {@code trickleMillis} (0: nothing more),
   * and returns the milliseconds until the server closed the connection.
   */
  private static long closedAfter(int port, String start, long trickleMillis) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      long t0 = System.nanoTime();
      OutputStream out = s.getOutputStream();
      out.write(start.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (trickleMillis > 0) {
        s.setSoTimeout((int) trickleMillis);
        while (true) {
          try {
            if (s.getInputStream().read() < 0) {
              break;
            }
          } catch (SocketTimeoutException e) {
            try {
              out.write('x');
              out.flush();
            } catch (IOException closed) {
              break;
            }
            continue;
          } catch (SocketException e) {
            break;
          }
        }
        return (System.nanoTime() - t0) / 1_000_000;
      }
      s.setSoTimeout((int) (IDLE_MS + SLACK_MS + 5000));
      assertThat(closedBy(s)).isTrue();
      return (System.nanoTime() - t0) / 1_000_000;
    }
  }

  /** Sends one good request, reads its answer, and returns the ms until the server hung up. */
  private static long idleClosedAfter(int port) throws IOException {
    try (RawHttp c = new RawHttp(port)) {
      RawHttp.Answer answer = c.send(get("/health")).read();
      assertThat(answer.status()).isEqualTo(200);
      long t0 = System.nanoTime();
      assertThat(c.closedByServer()).isTrue();
      return (System.nanoTime() - t0) / 1_000_000;
    }
  }

  private static boolean closedBy(Socket s) throws IOException {
    try {
      InputStream in = s.getInputStream();
      while (true) {
        int b = in.read();
        if (b < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    }
  }

  /** A server of one kind, on a free port. */
  record Running(int port, String url, AutoCloseable stop) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      stop.close();
    }
  }

  static Running start(String kind) {
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    String nowhere = "http://127.0.0.1:1";
    return switch (kind) {
      case "node" ->
          running(
              NodeServer.start(new NodeConfig(1, "127.0.0.1", 0, 0, 1), FaultPolicy.NONE, log),
              NodeServer::port,
              NodeServer::url);
      case "balancer" ->
          running(
              LoadBalancerServer.start(
                  new LbConfig(
                      "127.0.0.1",
                      0,
                      List.of(nowhere),
                      List.of(),
                      "round-robin",
                      1,
                      Duration.ofMillis(500),
                      Duration.ofSeconds(60),
                      null),
                  log),
              LoadBalancerServer::port,
              LoadBalancerServer::url);
      case "router" ->
          running(
              ShardRouterServer.start(
                  "127.0.0.1", 0, List.of(nowhere), n -> new HashRing(n, 100), log),
              ShardRouterServer::port,
              ShardRouterServer::url);
      case "replica" ->
          running(
              ReplicaServer.start("Node 1", "127.0.0.1", 0),
              r -> java.net.URI.create(r.url()).getPort(),
              ReplicaServer::url);
      case "gossip node" ->
          running(
              GossipProcess.start(
                  new GossipProcess.Settings(
                      1,
                      "127.0.0.1",
                      0,
                      "gossip-1",
                      GossipProcess.Settings.byAddress(List.of()),
                      GossipConfig.DEFAULTS.withInterval(Duration.ofMinutes(5))),
                  1,
                  FaultPolicy.NONE,
                  InstantSource.system(),
                  log),
              ProtocolServer::port,
              ProtocolServer::url);
      case "cap replica" ->
          running(
              CapServer.start(
                  new CapServer.Settings(
                      "cap-1",
                      "127.0.0.1",
                      0,
                      Map.of("cap-2", "127.0.0.1:1", "cap-3", "127.0.0.1:1"),
                      new CapConfig(CapMode.AP, List.of("cap-1", "cap-2", "cap-3"))),
                  1,
                  FaultPolicy.NONE,
                  InstantSource.system(),
                  log),
              ProtocolServer::port,
              ProtocolServer::url);
      case "flaky server" ->
          running(
              FlakyServer.start("127.0.0.1", 0, new SplittableRandom(42), log),
              FlakyServer::port,
              FlakyServer::url);
      case "registry" ->
          running(
              RegistryServer.start(
                  "127.0.0.1",
                  0,
                  MembershipConfig.DEFAULT,
                  QuorumConfig.DEFAULT,
                  null,
                  InstantSource.system(),
                  log),
              RegistryServer::port,
              RegistryServer::url);
      case "resilient node" ->
          running(
              ResilientNodeServer.start(
                  "node-1",
                  "127.0.0.1",
                  0,
                  nowhere,
                  Duration.ofMinutes(5),
                  Duration.ofMinutes(5),
                  1,
                  log),
              ResilientNodeServer::port,
              ResilientNodeServer::url);
      case "cascade tier" ->
          running(
              TierServer.start(
                  Tier.C,
                  new CascadePlan(Set.of()),
                  null,
                  new SplittableRandom(42),
                  Duration.ofMillis(5)),
              TierServer::port,
              TierServer::url);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static <S extends AutoCloseable> Running running(
      S server,
      java.util.function.ToIntFunction<S> port,
      java.util.function.Function<S, String> url) {
    return new Running(port.applyAsInt(server), url.apply(server), server);
  }
}
