package workshop.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import workshop.sim.Tally;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * What a binding adds to the runner, and pausing, with the small test protocol on free ports and a
 * real client: a peer's message on a module's own route, a message sent as another server's own
 * call, a peer found in what the node knows, raw requests closed, and a paused node.
 */
class ProtocolHostTest {
  record Hello(long total) {}

  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  final WebClient http = WebClient.builder().timeout(Duration.ofSeconds(10)).build();
  final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  final Map<String, Tally> built = new java.util.concurrent.ConcurrentHashMap<>();

  private ProtocolServer<Tally.Msg> start(
      String name, List<String> peers, Map<String, String> book, ProtocolBinding<Tally.Msg> b) {
    ProtocolServer<Tally.Msg> s =
        ProtocolServer.start(
            new ProtocolServer.Settings(
                name,
                "127.0.0.1",
                0,
                book,
                Duration.ofSeconds(3),
                Duration.ofSeconds(5),
                null,
                name,
                1),
            (n, persisted) -> {
              Tally t = new Tally(n, peers, persisted);
              built.put(n, t);
              return t;
            },
            b,
            FaultPolicy.NONE,
            InstantSource.system(),
            new PrintStream(log, true, StandardCharsets.UTF_8));
    open.add(s);
    return s;
  }

  private static ProtocolBinding<Tally.Msg> binding() {
    return ProtocolBinding.of(ProtocolServerTest.CODEC);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    http.close();
  }

  private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private ClientResponse add(ProtocolServer<?> s, int amount, Duration timeout) {
    return http.send(
        "POST",
        s.url() + ProtocolServer.REQUEST_PATH,
        Map.of("Content-Type", "application/json"),
        ("{\"type\":\"Add\",\"amount\":" + amount + "}").getBytes(StandardCharsets.UTF_8),
        timeout);
  }

  @Test
  void aPeersMessageOnAModulesOwnRouteReachesTheNodeFromTheSenderItNames() {
    ProtocolServer<Tally.Msg> a =
        start(
            "a",
            List.of(),
            Map.of(),
            binding()
                .message(
                    "POST",
                    "/hello",
                    r -> {
                      Hello h = r.read(Hello.class);
                      return new ProtocolBinding.Delivery<>(
                          "peer-" + h.total(), new Tally.Hello(h.total()));
                    },
                    (d, back) -> Response.ok(Json.map("from", d.from(), "back", back.size()))));
    ClientResponse r = http.postJson(a.url() + "/hello", new Hello(4));
    assertThat(r.text()).isEqualTo("{\"from\":\"peer-4\",\"back\":0}");
    assertThat(built.get("a").seen).anyMatch(s -> s.endsWith("Hello[total=4] from peer-4"));
    assertThat(http.postJson(a.url() + "/hello", Map.of("total", "x")).status()).isEqualTo(422);
  }

  @Test
  void aMappedMessageLeavesAsTheReceiversOwnCallAndItsAnswerComesBack() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    WebServer plain =
        WebServer.builder("plain")
            .host("127.0.0.1")
            .port(0)
            .routes(
                new Routes()
                    .post(
                        "/greet",
                        r -> {
                          received.add(
                              r.peer() + " " + new String(r.body(), StandardCharsets.UTF_8));
                          return Response.ok(Map.of("total", 41));
                        }))
            .start();
    open.add(plain);
    start(
        "a",
        List.of("b"),
        Map.of("b", plain.url()),
        binding()
            .outbound(
                (to, m) ->
                    m instanceof Tally.Hello h
                        ? new ProtocolBinding.Call<>(
                            "POST",
                            "/greet",
                            Map.of("total", h.total()),
                            r -> List.of(new Tally.Hello(r.read(Hello.class).total())))
                        : null));
    await(() -> built.get("a").seen.stream().anyMatch(s -> s.endsWith("Hello[total=41] from b")));
    assertThat(received).contains("a {\"total\":0}");
    assertThat(built.get("a").seen).anyMatch(s -> s.endsWith("Hello[total=41] from b"));
  }

  @Test
  void aPeerMissingFromTheAddressBookIsLookedUpInWhatTheNodeKnows() throws Exception {
    ProtocolServer<Tally.Msg> b = start("b", List.of(), Map.of(), binding());
    String where = b.url();
    start("a", List.of("b"), Map.of(), binding().addresses((node, name) -> where));
    await(() -> built.get("b").seen.stream().anyMatch(s -> s.endsWith("Hello[total=0] from a")));
    assertThat(built.get("b").seen).anyMatch(s -> s.endsWith("Hello[total=0] from a"));
  }

  @Test
  void withRawRequestsClosedOnlyTheModulesRoutesReachTheNode() {
    ProtocolServer<Tally.Msg> a = start("a", List.of(), Map.of(), binding().rawRequests(false));
    assertThat(add(a, 1, Duration.ofSeconds(5)).status()).isEqualTo(404);
    assertThat(a.host().ask(new Tally.Add(2))).isEqualTo(new Tally.Total(2));
  }

  @Test
  void aPausedNodeAnswersNothingAndFiresNoTimerAndRunsWhatWaitedWhenResumed() throws Exception {
    ProtocolServer<Tally.Msg> a = start("a", List.of(), Map.of(), binding());
    await(() -> built.get("a").seen.stream().anyMatch(s -> s.endsWith("timer hello")));
    a.host().pause();
    long timersBefore = built.get("a").seen.stream().filter(s -> s.endsWith("timer hello")).count();
    try {
      add(a, 5, Duration.ofMillis(1_500));
      throw new AssertionError("a paused node answered");
    } catch (CallFailure e) {
      assertThat(e.kind()).isEqualTo(CallFailure.Kind.TIMEOUT);
    }
    // A timer a second apart was due during the 1.5 s wait, and did not fire.
    assertThat(built.get("a").seen.stream().filter(s -> s.endsWith("timer hello")).count())
        .isEqualTo(timersBefore);
    assertThat(a.host().paused()).isTrue();
    a.host().resume();
    // The request that waited runs on resume, with the overdue timer, as a stopped process's
    // queued connections do: its caller has given up, but the add happened.
    await(() -> built.get("a").total() == 5);
    assertThat(built.get("a").total()).isEqualTo(5);
    await(
        () ->
            built.get("a").seen.stream().filter(s -> s.endsWith("timer hello")).count()
                > timersBefore);
    assertThat(built.get("a").seen.stream().filter(s -> s.endsWith("timer hello")).count())
        .isGreaterThan(timersBefore);
  }
}
