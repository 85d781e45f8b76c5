package workshop.sharding.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.sharding.HashRing;
import workshop.support.http.AdminToken;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * Module 03's router and module 01's nodes listening beyond loopback: what moves or deletes data
 * answers only callers with the token, and the router sends the token to no node a stranger named.
 * Real servers on 0.0.0.0 (reached here at 127.0.0.1), a real client.
 */
class ExposedRouterTest {
  static final String SECRET = "s3cret";

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final List<NodeServer> nodes = new ArrayList<>();
  private final List<AutoCloseable> others = new ArrayList<>();
  private final WebClient http = WebClient.create(Duration.ofSeconds(30));
  private ShardRouterServer router;

  private NodeServer node(int id, String host) {
    NodeServer n =
        NodeServer.start(
            new NodeConfig(id, host, 0, 0, 4),
            FaultPolicy.NONE,
            new PrintStream(log, true, StandardCharsets.UTF_8),
            null,
            SECRET);
    nodes.add(n);
    return n;
  }

  private static String local(NodeServer n) {
    return "http://127.0.0.1:" + n.port();
  }

  private ShardRouterServer router(String host, String token, List<String> urls) {
    return ShardRouterServer.start(
        host,
        0,
        urls,
        n -> new HashRing(n, 100),
        TokenTrust.of(token),
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private ClientResponse send(String method, String url, String body, boolean token) {
    Map<String, String> headers =
        token
            ? Map.of("Content-Type", "application/json", AdminToken.HEADER, SECRET)
            : Map.of("Content-Type", "application/json");
    return http.send(
        method,
        url,
        headers,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(30));
  }

  private int keysOn(NodeServer n) {
    return http.get(local(n) + "/keys").json().path("count").asInt();
  }

  @AfterEach
  void stop() throws Exception {
    if (router != null) {
      router.close();
    }
    nodes.forEach(NodeServer::close);
    for (AutoCloseable c : others) {
      c.close();
    }
    http.close();
  }

  @Test
  void theRouterWillNotListenBeyondLoopbackWithoutAToken() {
    NodeServer one = node(1, "127.0.0.1");
    assertThatThrownBy(() -> router("0.0.0.0", null, List.of(local(one))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("this server would listen on 0.0.0.0, beyond this machine")
        .hasMessageContaining("(POST /nodes, DELETE /nodes/{node})")
        .hasMessageContaining("set WORKSHOP_TOKEN");
  }

  @Test
  void anExposedRouterMovesAndDeletesOnlyForCallersWithTheToken() {
    NodeServer a = node(1, "0.0.0.0");
    NodeServer b = node(2, "0.0.0.0");
    NodeServer c = node(3, "0.0.0.0");
    router = router("0.0.0.0", SECRET, List.of(local(a), local(b)));
    String base = "http://127.0.0.1:" + router.port();
    for (int i = 0; i < 30; i++) {
      assertThat(
              send("POST", base + "/data", Json.text(Json.map("key", "k" + i, "value", "v")), false)
                  .status())
          .as("writing data is open")
          .isEqualTo(200);
    }

    ClientResponse add = send("POST", base + "/nodes", "{\"url\":\"" + local(c) + "\"}", false);
    assertThat(add.status()).isEqualTo(403);
    assertThat(add.json().path("detail").asString())
        .startsWith("POST /nodes stops, breaks, heals, moves or deletes things");
    ClientResponse remove = send("DELETE", base + "/nodes/127.0.0.1:" + b.port(), null, false);
    assertThat(remove.status()).isEqualTo(403);
    assertThat(keysOn(a) + keysOn(b)).as("nothing moved").isEqualTo(30);
    assertThat(keysOn(c)).isZero();

    // With the token the move happens, and the router's deletes on the old owners (guarded on
    // these exposed nodes) carry its token, since it was started with them.
    ClientResponse removed = send("DELETE", base + "/nodes/127.0.0.1:" + b.port(), null, true);
    assertThat(removed.status()).as(removed.text()).isEqualTo(200);
    assertThat(keysOn(a)).isEqualTo(30);
    assertThat(keysOn(b)).as("deleted from the node that left").isZero();
  }

  @Test
  void anExposedNodeDeletesAKeyOnlyForACallerWithTheToken() {
    NodeServer n = node(1, "0.0.0.0");
    assertThat(send("POST", local(n) + "/data", "{\"key\":\"k\",\"value\":\"v\"}", false).status())
        .isEqualTo(200);
    ClientResponse stranger = send("DELETE", local(n) + "/data/k", null, false);
    assertThat(stranger.status()).isEqualTo(403);
    assertThat(stranger.json().path("error").asString()).isEqualTo("token_required");
    assertThat(stranger.json().path("detail").asString())
        .startsWith(
            "DELETE /data/{key} stops, breaks, heals, moves or deletes things, and this"
                + " server listens beyond its machine: send the header X-Workshop-Token");
    assertThat(http.get(local(n) + "/data/k").status()).isEqualTo(200);
    assertThat(send("DELETE", local(n) + "/data/k", null, true).status()).isEqualTo(200);
    assertThat(http.get(local(n) + "/data/k").status()).isEqualTo(404);
  }

  @Test
  void aNodeAStrangerAddedWithoutTheTokenGetsKeysButNeverTheToken() {
    // A loopback router with a token (as a class sets WORKSHOP_TOKEN everywhere): adding a node
    // needs no token here, but a node named by a call without it is not trusted with it.
    List<String> tokensSeen = new CopyOnWriteArrayList<>();
    List<String> calls = new CopyOnWriteArrayList<>();
    Map<String, String> held = new java.util.concurrent.ConcurrentHashMap<>();
    Routes capture =
        new Routes()
            .get("/health", r -> Response.ok(Map.of("status", "ok")))
            .post(
                "/data",
                r -> {
                  var body = r.read(workshop.node.http.NodeWire.Store.class);
                  held.put(body.key(), body.value());
                  return Response.ok(
                      new workshop.node.http.NodeWire.Stored(
                          "stored", 9, body.key(), body.value()));
                })
            .get(
                "/data/{key}",
                r ->
                    Response.ok(
                        new workshop.node.http.NodeWire.Entry(
                            9, r.pathParam("key"), held.get(r.pathParam("key")))))
            .delete(
                "/data/{key}",
                r -> {
                  held.remove(r.pathParam("key"));
                  return Response.ok(
                      new workshop.node.http.NodeWire.Deleted("deleted", 9, r.pathParam("key")));
                })
            .get(
                "/keys",
                r ->
                    Response.ok(
                        new workshop.node.http.NodeWire.Keys(
                            9, held.size(), List.copyOf(held.keySet()))));
    workshop.support.http.Filter record =
        (r, next) -> {
          calls.add(r.method() + " " + r.path().replaceAll("/data/.+", "/data/{key}"));
          String t = r.header(AdminToken.HEADER);
          tokensSeen.add(t == null ? "-" : t);
          return next.handle(r);
        };
    WebServer stranger =
        WebServer.builder("stranger").port(0).routes(capture).filter(record).start();
    others.add(stranger);
    NodeServer a = node(1, "127.0.0.1");
    router = router("127.0.0.1", SECRET, List.of(local(a)));
    for (int i = 0; i < 30; i++) {
      send(
          "POST", router.url() + "/data", Json.text(Json.map("key", "k" + i, "value", "v")), false);
    }
    ClientResponse add =
        send("POST", router.url() + "/nodes", "{\"url\":\"" + stranger.url() + "\"}", false);
    assertThat(add.status()).as(add.text()).isEqualTo(200);
    ClientResponse remove =
        send("DELETE", router.url() + "/nodes/" + stranger.url().substring(7), null, false);
    assertThat(remove.status()).as(remove.text()).isEqualTo(200);

    assertThat(calls)
        .as("the stranger was called, and handed keys back")
        .contains("GET /health", "POST /data", "GET /keys", "DELETE /data/{key}");
    assertThat(tokensSeen).as("what the stranger received").containsOnly("-");
  }
}
