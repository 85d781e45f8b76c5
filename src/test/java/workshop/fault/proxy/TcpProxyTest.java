package workshop.fault.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.fault.http.NetFaults;
import workshop.fault.http.NetWire;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;

/**
 * The proxy on real sockets: a plain TCP server behind it (port 0), callers on raw sockets, and the
 * faults put in force as {@code ./workshop net} sends them ({@code POST /fault/net}'s rules).
 */
class TcpProxyTest {
  @TempDir Path state;

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private final List<AutoCloseable> open = new ArrayList<>();
  private TcpProxy proxy;
  private NetFaults net;
  private WebServer admin;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private TestUpstream upstream(TestUpstream.Mode mode) {
    TestUpstream u = new TestUpstream(mode);
    open.add(u);
    return u;
  }

  private void proxyTo(TestUpstream upstream) throws IOException {
    proxyTo(upstream.address());
  }

  private void proxyTo(java.net.InetSocketAddress upstream) throws IOException {
    net = NetFaults.in(state, "redis", 7, InstantSource.system(), log);
    proxy = TcpProxy.start(TcpProxy.bind("127.0.0.1", 0), upstream, net, log);
    admin = ProxyAdmin.start(proxy, net, 0);
    net.listening(admin.url());
    open.add(net);
    open.add(proxy);
    open.add(admin);
  }

  /** Puts these faults in force, with node-1 a workshop process the proxy's callers may name. */
  private void faults(String... faults) {
    Map<String, String> book = new LinkedHashMap<>();
    book.put("redis", "127.0.0.1:" + admin.port());
    book.put("node-1", "127.0.0.1:1");
    net.install(new NetWire.Rules(List.of(faults), book, 1L));
  }

  private Socket connect(Duration readTimeout) throws IOException {
    Socket s = new Socket("127.0.0.1", proxy.port());
    s.setSoTimeout((int) readTimeout.toMillis());
    s.setTcpNoDelay(true);
    open.add(s);
    return s;
  }

  private static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] got = in.readNBytes(n);
    if (got.length < n) {
      throw new IOException("the stream ended after " + got.length + " of " + n + " bytes");
    }
    return got;
  }

  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

  /** Milliseconds for one PING to go through the echo upstream and back. */
  private static long roundTripMillis(Socket s) throws IOException {
    long t0 = System.nanoTime();
    s.getOutputStream().write(PING);
    assertThat(readExactly(s.getInputStream(), PING.length)).isEqualTo(PING);
    return Duration.ofNanos(System.nanoTime() - t0).toMillis();
  }

  @Test
  void passesEveryByteExactlyBothWays() throws Exception {
    proxyTo(upstream(TestUpstream.Mode.ECHO));
    byte[] sent = new byte[1 << 20];
    new SplittableRandom(11).nextBytes(sent);
    Socket s = connect(Duration.ofSeconds(10));
    // Written on one thread and read on another, so neither side's buffers fill and stall it.
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    s.getOutputStream().write(sent);
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
    byte[] back = readExactly(s.getInputStream(), sent.length);
    writer.join();
    assertThat(back).isEqualTo(sent);
    assertThat(proxy.counters().snapshot().bytes_to_upstream()).isEqualTo(sent.length);
    assertThat(proxy.counters().snapshot().bytes_from_upstream()).isEqualTo(sent.length);
  }

  @Test
  void passesAHalfCloseOnSoTheUpstreamCanAnswerAfterTheEndOfTheRequest() throws Exception {
    proxyTo(upstream(TestUpstream.Mode.COUNT));
    Socket s = connect(Duration.ofSeconds(10));
    s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
    s.shutdownOutput();
    // The upstream answers only once it has read to the end of the stream, then closes.
    assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
        .isEqualTo("got 5 bytes\n");
    assertThat(s.getInputStream().read()).isEqualTo(-1);
  }

  @Test
  void carriesManyConnectionsAtOnceEachWithItsOwnBytes() throws Exception {
    TestUpstream echo = upstream(TestUpstream.Mode.ECHO);
    proxyTo(echo);
    int callers = 200;
    List<Callable<String>> calls = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      String message = "caller " + i + " says hello\n";
      calls.add(
          () -> {
            try (Socket s = new Socket("127.0.0.1", proxy.port())) {
              s.setSoTimeout(10_000);
              byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
              s.getOutputStream().write(bytes);
              return new String(
                  readExactly(s.getInputStream(), bytes.length), StandardCharsets.US_ASCII);
            }
          });
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> answers = pool.invokeAll(calls);
      for (int i = 0; i < callers; i++) {
        assertThat(answers.get(i).get()).isEqualTo("caller " + i + " says hello\n");
      }
    }
    assertThat(echo.connections).hasValue(callers);
    assertThat(proxy.counters().snapshot().connections()).isEqualTo(callers);
  }

  @Test
  void aDelayOnTheProxyAddsItToEachDirectionOfARoundTrip() throws Exception {
    proxyTo(upstream(TestUpstream.Mode.ECHO));
    Socket s = connect(Duration.ofSeconds(10));
    roundTripMillis(s); // the first carries the connection's set-up
    faults("delay redis 100ms");
    // 100 ms on the way in and 100 ms on the way back, as through a workshop server.
    long delayed = roundTripMillis(s);
    assertThat(delayed).isBetween(200L, 1200L);
    faults();
    assertThat(roundTripMillis(s)).isLessThan(200L);
    assertThat(proxy.counters().snapshot().delayed_chunks()).isEqualTo(2);
  }

  @Test
  void aBandwidthLimitPacesAStreamAtItsRate() throws Exception {
    proxyTo(upstream(TestUpstream.Mode.COUNT));
    faults("bandwidth redis 200kB/s");
    Socket s = connect(Duration.ofSeconds(10));
    byte[] sent = new byte[100_000];
    long t0 = System.nanoTime();
    s.getOutputStream().write(sent);
    s.shutdownOutput();
    assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
        .isEqualTo("got 100000 bytes\n");
    // 100 kB at 200 kB/s: the upstream has the last byte 0.5 s after the first was sent.
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isBetween(Duration.ofMillis(500), Duration.ofMillis(3000));
  }

  @Test
  void aLossOfEveryChunkHoldsTheBytesAndAHealLetsThemThrough() throws Exception {
    TestUpstream echo = upstream(TestUpstream.Mode.ECHO);
    proxyTo(echo);
    faults("loss redis 100%");
    Socket s = connect(Duration.ofMillis(700));
    s.getOutputStream().write(PING);
    // Dropped, and sent again every 0.2 s, 0.4 s, ...: nothing reaches the upstream, nothing comes
    // back, and the caller's own timeout is what it hears.
    assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    assertThat(echo.received).hasValue(0);
    assertThat(proxy.counters().snapshot().dropped_chunks()).isGreaterThanOrEqualTo(2);

    faults();
    // The next retransmission passes (within 1.6 s), as a TCP connection recovers after a heal.
    s.setSoTimeout(5000);
    assertThat(readExactly(s.getInputStream(), PING.length)).isEqualTo(PING);
    assertThat(echo.received).hasValue(PING.length);
  }

  @Test
  void aPartitionFromANamedWorkshopCallerHoldsItsRequestAndTellsTheLog() throws Exception {
    TestUpstream echo = upstream(TestUpstream.Mode.ECHO);
    proxyTo(echo);
    faults("partition redis | node-1");
    Socket s = connect(Duration.ofMillis(600));
    s.getOutputStream().write(httpFrom("node-1"));
    assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    assertThat(echo.received).hasValue(0);
    assertThat(logBytes.toString(StandardCharsets.UTF_8))
        .contains("[proxy] redis: node-1 -> redis held (cut off by partition redis | node-1)");

    // A caller with no name is on neither side, as curl is for a workshop server.
    Socket anonymous = connect(Duration.ofSeconds(5));
    assertThat(roundTripMillis(anonymous)).isLessThan(1000L);
  }

  @Test
  void aRejectingPartitionResetsTheConnectionAtOnce() throws Exception {
    proxyTo(upstream(TestUpstream.Mode.ECHO));
    faults("partition redis | node-1 reject");
    Socket s = connect(Duration.ofSeconds(5));
    long t0 = System.nanoTime();
    s.getOutputStream().write(httpFrom("node-1"));
    assertThatThrownBy(() -> s.getInputStream().read())
        .isInstanceOf(SocketException.class)
        .hasMessageContaining("reset");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    assertThat(proxy.counters().snapshot().reset_connections()).isEqualTo(1);
  }

  @Test
  void aOneWayBlockLetsTheRequestThroughAndHoldsTheAnswer() throws Exception {
    TestUpstream echo = upstream(TestUpstream.Mode.ECHO);
    proxyTo(echo);
    faults("block redis->node-1");
    Socket s = connect(Duration.ofMillis(600));
    byte[] request = httpFrom("node-1");
    s.getOutputStream().write(request);
    // The upstream did the work; its answer is what is lost.
    assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    assertThat(echo.received).hasValue(request.length);
  }

  @Test
  void aCallerIsResetAtOnceWhenTheUpstreamIsDownAndTheLogSaysWhy() throws Exception {
    // A port bound by a socket that does not listen: refused for the whole test, where a port
    // just freed could be taken by any other process on the machine.
    Socket down = new Socket();
    open.add(down);
    down.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
    proxyTo((java.net.InetSocketAddress) down.getLocalSocketAddress());
    Socket s = connect(Duration.ofSeconds(5));
    assertThatThrownBy(
            () -> {
              s.getOutputStream().write(PING);
              if (s.getInputStream().read() == -1) {
                throw new SocketException("closed without a reset");
              }
            })
        .isInstanceOf(SocketException.class)
        .hasMessageContaining("reset");
    assertThat(logBytes.toString(StandardCharsets.UTF_8))
        .contains(
            "[proxy] redis: upstream "
                + proxy.upstream()
                + " refused the connection (is it running?); reset the caller 127.0.0.1:");
    assertThat(proxy.counters().snapshot().upstream_failures()).isEqualTo(1);
  }

  @Test
  void itsAdminPortShowsTheFaultsInForceAndItsCounters() throws Exception {
    proxyTo(upstream(TestUpstream.Mode.ECHO));
    roundTripMillis(connect(Duration.ofSeconds(5)));
    try (WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      // Set as ./workshop net sets it: the whole rule set to POST /fault/net.
      var answer =
          http.postJson(
              admin.url() + "/fault/net",
              new NetWire.Rules(List.of("delay redis 20ms"), Map.of("redis", "x:1"), null));
      assertThat(answer.status()).isEqualTo(200);
      String health = http.get(admin.url() + "/health").text();
      assertThat(health)
          .contains("\"name\":\"redis\"")
          .contains("\"upstream\":\"" + proxy.upstream() + "\"")
          .contains("\"faults\":[\"delay redis 20ms: +20 ms each way");
      assertThat(http.get(admin.url() + "/stats").text())
          .contains("\"connections\":1")
          .contains("\"bytes_to_upstream\":" + PING.length);
      var refused =
          http.postJson(
              admin.url() + "/fault/net",
              new NetWire.Rules(List.of("delay redis -1ms"), null, null));
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.text()).contains("negative");
    }
  }

  /** An HTTP request as a workshop process sends one, naming itself. */
  private static byte[] httpFrom(String name) {
    return ("GET /health HTTP/1.1\r\nHost: x\r\nX-Workshop-Net: " + name + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
