package workshop.resilient.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import workshop.support.http.CallFailure;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/** Every kind of answer the registry client can get, told apart in one line each. */
class RegistryClientTest {
  private static WebServer impostor(Routes routes) {
    return WebServer.builder("impostor").host("127.0.0.1").port(0).routes(routes).start();
  }

  @Test
  void aRefusalCarriesTheRegistrysOwnReason() {
    Routes routes =
        new Routes()
            .post(
                "/kill/{id}",
                r -> Response.error(409, "conflict", "Node 'node-2' is the last one alive"))
            .post(
                "/data",
                r ->
                    Response.json(
                        503,
                        Json.map(
                            "error",
                            "quorum_not_met",
                            "detail",
                            Json.map("error", "Quorum not met", "message", "1 of W=2 acks"),
                            "status",
                            503)))
            .get("/nodes", r -> Response.text(500, "Internal Server Error"));
    try (WebServer s = impostor(routes);
        RegistryClient c = new RegistryClient(s.url(), "test", Duration.ofSeconds(10))) {
      RegistryClient.Answer<RegistryWire.Killed> kill = c.kill("node-2");
      assertThat(kill.failure()).isEqualTo(RegistryClient.Failure.STATUS);
      assertThat(kill.reason()).isEqualTo("Node 'node-2' is the last one alive");
      // A quorum refusal's detail is an object, as the original's: its message is the reason.
      assertThat(c.write("k", "v").reason()).isEqualTo("1 of W=2 acks");
      assertThat(c.nodes().reason()).isEqualTo("'Internal Server Error'");
    }
  }

  @Test
  void theOriginalRegistrysKillAnswersAreReadWithOrWithoutTheirTip() {
    // The original's registry.py gives a tip only when it marks a node dead.
    Routes routes =
        new Routes()
            .post(
                "/kill/node-4",
                r ->
                    Response.ok(
                        Json.map(
                            "status",
                            "killed",
                            "node_id",
                            "node-4",
                            "process_terminated",
                            true,
                            "message",
                            "Node 'node-4' was terminated and marked as dead")))
            .post(
                "/kill/node-1",
                r ->
                    Response.ok(
                        Json.map(
                            "status",
                            "marked_dead",
                            "node_id",
                            "node-1",
                            "process_terminated",
                            false,
                            "message",
                            "Node 'node-1' marked as dead.",
                            "tip",
                            "Manually-started nodes need Ctrl+C.")));
    try (WebServer s = impostor(routes);
        RegistryClient c = new RegistryClient(s.url(), "test", Duration.ofSeconds(10))) {
      assertThat(c.kill("node-4").value().tip()).isNull();
      assertThat(c.kill("node-1").value().tip()).isEqualTo("Manually-started nodes need Ctrl+C.");
    }
  }

  @Test
  void anAnswerThatIsNotTheRegistrysSaysWhatItIs() {
    Routes routes =
        new Routes()
            .get("/cluster-status", r -> Response.text(200, "<html>It works!</html>"))
            .get("/nodes", r -> Response.ok(List.of(1, 2)))
            .get("/ring", r -> Response.ok(Json.map("nodes", "three")));
    try (WebServer s = impostor(routes);
        RegistryClient c = new RegistryClient(s.url(), "test", Duration.ofSeconds(10))) {
      var status = c.clusterStatus();
      assertThat(status.failure()).isEqualTo(RegistryClient.Failure.NOT_JSON);
      assertThat(status.snippet()).isEqualTo("'<html>It works!</html>'");
      assertThat(c.nodes().failure()).isEqualTo(RegistryClient.Failure.NOT_AN_OBJECT);
      var ring = c.ring();
      assertThat(ring.failure()).isEqualTo(RegistryClient.Failure.SHAPE);
      assertThat(ring.reason()).isEqualTo("field 'virtual_nodes' is required (a whole number)");
    }
    try (WebServer s = impostor(routes);
        RegistryClient view = RegistryClient.forView(s.url(), "test", Duration.ofSeconds(10))) {
      // A view reads what it can: the wrong "nodes" is simply absent.
      var ring = view.ring();
      assertThat(ring.ok()).isTrue();
      assertThat(ring.value().nodes()).isNull();
    }
  }

  @Test
  void aRegistryThatDoesNotAnswerThrowsWithTheKindOfFailure() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (RegistryClient c =
        new RegistryClient("http://127.0.0.1:" + port, "test", Duration.ofSeconds(10))) {
      assertThatThrownBy(c::nodes)
          .isInstanceOf(CallFailure.class)
          .matches(e -> ((CallFailure) e).kind() == CallFailure.Kind.REFUSED);
    }
  }
}
