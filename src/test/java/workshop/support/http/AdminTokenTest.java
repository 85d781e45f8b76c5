package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guarded routes need the token exactly when their server listens beyond loopback. */
class AdminTokenTest {
  private final Routes routes =
      new Routes()
          .get("/status", r -> Response.text(200, "fine " + r.provedToken()))
          .post("/heartbeat", r -> Response.text(200, "beat " + r.provedToken()))
          .guard("POST", "/heartbeat", Routes.Guard.MEMBERS)
          .destructive(
              "POST", "/kill/{id}", r -> Response.text(200, "killed " + r.pathParam("id")));

  private static Request post(String path, Map<String, List<String>> headers) {
    return new Request("POST", path, null, headers, new byte[0], "10.0.0.7:5555");
  }

  private static String detail(Response r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void aLoopbackServerNeedsNoTokenEvenWhenOneIsSet() {
    assertThat(AdminToken.required("127.0.0.1", List.of("POST /kill/{id}"), null)).isNull();
    assertThat(AdminToken.required("localhost", List.of("POST /kill/{id}"), "s3cret")).isNull();
    assertThat(AdminToken.required("::1", List.of("POST /kill/{id}"), null)).isNull();
  }

  @Test
  void aServerWithoutGuardedRoutesNeedsNoToken() {
    assertThat(AdminToken.required("0.0.0.0", List.of(), null)).isNull();
  }

  @Test
  void anExposedServerWithGuardedRoutesRefusesToStartWithoutAToken() {
    assertThatThrownBy(
            () -> AdminToken.required("0.0.0.0", List.of("POST /kill/{id}", "POST /nodes"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "this server would listen on 0.0.0.0, beyond this machine, with endpoints that change"
                + " the cluster (POST /kill/{id}, POST /nodes): set WORKSHOP_TOKEN to a secret of"
                + " your choice in this terminal and in every terminal that runs workshop commands"
                + " against it, or keep the default --host 127.0.0.1");
    assertThat(AdminToken.required("0.0.0.0", List.of("POST /kill/{id}"), "s3cret"))
        .isEqualTo("s3cret");
  }

  @Test
  void routesListTheirGuardedOnes() {
    assertThat(routes.guardedRoutes()).containsExactly("POST /heartbeat", "POST /kill/{id}");
  }

  @Test
  void guardingARouteThatIsNotThereIsAMistakeSaidAtOnce() {
    assertThatThrownBy(() -> routes.guard("POST", "/deregister", Routes.Guard.MEMBERS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no route POST /deregister to guard");
  }

  @Test
  void withoutARequiredTokenGuardedRoutesAnswerAnyone() throws Exception {
    routes.token("s3cret", false);
    assertThat(routes.handle(post("/kill/node-2", Map.of())).bodyText()).isEqualTo("killed node-2");
    assertThat(routes.handle(post("/heartbeat", Map.of())).bodyText()).isEqualTo("beat false");
  }

  @Test
  void onLoopbackARequestThatCarriesTheTokenIsStillMarkedAsProvingIt() throws Exception {
    // A registry on 127.0.0.1 with a token takes heartbeats from anyone, but believes the address
    // of only those that carried it.
    routes.token("s3cret", false);
    assertThat(
            routes
                .handle(post("/heartbeat", Map.of("X-Workshop-Token", List.of("s3cret"))))
                .bodyText())
        .isEqualTo("beat true");
    assertThat(
            routes
                .handle(post("/heartbeat", Map.of("X-Workshop-Token", List.of("guess"))))
                .bodyText())
        .isEqualTo("beat false");
  }

  @Test
  void aServerWithoutATokenMarksNothingAsProved() throws Exception {
    routes.token(null, true);
    assertThat(
            routes
                .handle(post("/heartbeat", Map.of("X-Workshop-Token", List.of("anything"))))
                .bodyText())
        .isEqualTo("beat false");
  }

  @Test
  void withARequiredTokenOnlyTheRightHeaderGetsThrough() throws Exception {
    routes.token("s3cret", true);
    Response none = routes.handle(post("/kill/node-2", Map.of()));
    assertThat(none.status()).isEqualTo(403);
    assertThat(detail(none))
        .contains("\"error\":\"token_required\"")
        .contains("POST /kill/{id} stops, breaks, heals, moves or deletes things")
        .contains("send the header X-Workshop-Token with the value of WORKSHOP_TOKEN");
    Response wrong =
        routes.handle(post("/kill/node-2", Map.of("X-Workshop-Token", List.of("guess"))));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(detail(wrong)).contains("the X-Workshop-Token sent is not this server's");
    Response empty = routes.handle(post("/kill/node-2", Map.of("x-workshop-token", List.of(""))));
    assertThat(empty.status()).isEqualTo(403);
    Response right =
        routes.handle(post("/kill/node-2", Map.of("x-workshop-token", List.of("s3cret"))));
    assertThat(right.bodyText()).isEqualTo("killed node-2");
    assertThat(routes.handle(Request.of("GET", "/status", null)).bodyText())
        .as("other routes need no token")
        .isEqualTo("fine false");
  }

  @Test
  void aMembersRouteRefusesAStrangerSayingWhatToSet() throws Exception {
    routes.token("s3cret", true);
    Response none = routes.handle(post("/heartbeat", Map.of()));
    assertThat(none.status()).isEqualTo(403);
    assertThat(detail(none))
        .contains("\"error\":\"token_required\"")
        .contains(
            "POST /heartbeat is how this cluster's members reach each other, and this server"
                + " listens beyond its machine: send the header X-Workshop-Token with the value of"
                + " WORKSHOP_TOKEN (set WORKSHOP_TOKEN to the cluster's secret where the node"
                + " starts");
    assertThat(
            routes
                .handle(post("/heartbeat", Map.of("X-Workshop-Token", List.of("s3cret"))))
                .bodyText())
        .isEqualTo("beat true");
  }
}
