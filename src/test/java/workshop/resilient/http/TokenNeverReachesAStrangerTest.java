package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import workshop.protocol.http.ProtocolHost;
import workshop.quorum.QuorumConfig;
import workshop.support.http.AdminToken;
import workshop.support.http.ClientResponse;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * The hole: a stranger's heartbeat named an address, and from then on the registry and the nodes
 * sent the cluster's token there with every call (11 of 11 captured requests carried it). Here a
 * class's setting, a registry on loopback where every process has the token (so a heartbeat without
 * it is still taken), a stranger registers with a tokenless heartbeat and is called every way a
 * member is (replicas of writes, the hand-off, anti-entropy, a health look, a kill): what it
 * receives never carries the token. A second fake member whose heartbeats carry the token receives
 * it, so the check is not empty.
 */
class TokenNeverReachesAStrangerTest {
  static final String SECRET = "s3cret";

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private final WebClient http = WebClient.create(Duration.ofSeconds(30));
  private final List<AutoCloseable> running = new ArrayList<>();
  private volatile boolean beating = true;

  /** What a fake member received: "METHOD /path token-or-dash". */
  private static final class Fake implements AutoCloseable {
    final String id;
    final List<String> received = new CopyOnWriteArrayList<>();
    final WebServer server;

    Fake(String id) {
      this.id = id;
      Routes routes =
          new Routes()
              .get(
                  "/health",
                  r ->
                      Response.ok(
                          Map.of("status", "healthy", "service", "resilient-node", "node_id", id)))
              .post(
                  "/replicate",
                  r ->
                      Response.ok(
                          new ResilientNodeWire.Accepted(
                              "accepted", r.read(ResilientNodeWire.Replicate.class).version())))
              .post(
                  ProtocolHost.MESSAGE_PATH,
                  r -> Response.bytes(200, Response.JSON, "[]".getBytes(StandardCharsets.UTF_8)))
              .get("/digest", r -> Response.ok(new ResilientNodeWire.Digest(id, Map.of())))
              .get("/data/{key}", r -> Response.error(404, "not_found", "none here"))
              .post(
                  "/shutdown",
                  r -> Response.ok(new ResilientNodeWire.ShuttingDown("shutting_down", id)));
      server =
          WebServer.builder(id)
              .port(0)
              .routes(routes)
              .filter(
                  (Request r, workshop.support.http.Handler next) -> {
                    String t = r.header(AdminToken.HEADER);
                    received.add(
                        r.method()
                            + " "
                            + r.path().replaceAll("/data/.+", "/data/{key}")
                            + " "
                            + (t == null ? "-" : t));
                    return next.handle(r);
                  })
              .start();
    }

    long count(String call) {
      return received.stream().filter(l -> l.startsWith(call + " ")).count();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  @AfterEach
  void stop() throws Exception {
    beating = false;
    for (AutoCloseable c : running.reversed()) {
      c.close();
    }
    http.close();
  }

  private void heartbeatForever(String registry, Fake fake, boolean withToken) {
    Map<String, String> headers =
        withToken
            ? Map.of("Content-Type", "application/json", AdminToken.HEADER, SECRET)
            : Map.of("Content-Type", "application/json");
    byte[] body =
        Json.write(Map.of("node_id", fake.id, "address", fake.server.url(), "data_count", 0));
    Thread.ofVirtual()
        .start(
            () -> {
              while (beating) {
                try {
                  http.send("POST", registry + "/heartbeat", headers, body, Duration.ofSeconds(5));
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // the registry is stopping
                }
              }
            });
  }

  private void await(java.util.function.BooleanSupplier c, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (c.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "waited 30 s for " + what + "; log:\n" + logBytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void noCallToAnAddressATokenlessHeartbeatNamedCarriesTheToken() throws Exception {
    RegistryServer registry =
        RegistryServer.start(
            "127.0.0.1",
            0,
            TestCluster.FAST_MEMBERSHIP,
            QuorumConfig.DEFAULT,
            null,
            TokenTrust.of(SECRET),
            InstantSource.system(),
            log);
    running.add(registry);
    for (int i = 1; i <= 3; i++) {
      running.add(
          ResilientNodeServer.start(
              "node-" + i,
              "127.0.0.1",
              0,
              registry.url(),
              Duration.ofMillis(100),
              Duration.ofMillis(100),
              i,
              log,
              null,
              TokenTrust.of(SECRET)));
    }
    Fake stranger = new Fake("node-9");
    Fake member = new Fake("node-8");
    running.add(stranger);
    running.add(member);
    heartbeatForever(registry.url(), stranger, false);
    heartbeatForever(registry.url(), member, true);
    await(
        () -> http.get(registry.url() + "/cluster-status").json().path("alive_count").asInt() == 5,
        "five members");

    // Writes place keys on both fakes (N=3 of 5 members); anti-entropy offers them digests.
    for (int i = 0; i < 40; i++) {
      ClientResponse w =
          http.postJson(registry.url() + "/data", Json.map("key", "user:" + i, "value", "v" + i));
      assertThat(w.status()).as(w.text()).isIn(200, 503);
    }
    await(
        () ->
            stranger.count("POST /replicate") > 0
                && stranger.count("POST " + ProtocolHost.MESSAGE_PATH) > 0
                && stranger.count("GET /health") > 0
                && member.count("POST /replicate") > 0
                && member.count("POST " + ProtocolHost.MESSAGE_PATH) > 0,
        "the registry and the nodes to call both fakes");
    ClientResponse kill = http.post(registry.url() + "/kill/node-9");
    assertThat(kill.status()).as(kill.text()).isEqualTo(200);
    assertThat(stranger.count("POST /shutdown")).isPositive();

    assertThat(stranger.received)
        .as("every call the stranger received")
        .allSatisfy(line -> assertThat(line).endsWith(" -"));
    assertThat(member.received)
        .as("the member whose heartbeats proved the token gets it where it is needed")
        .contains("POST /replicate " + SECRET, "POST " + ProtocolHost.MESSAGE_PATH + " " + SECRET);
  }
}
