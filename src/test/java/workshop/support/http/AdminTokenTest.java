package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Destructive routes need the token exactly when their server listens beyond loopback. */
class AdminTokenTest {
  private final Routes routes =
      new Routes()
          .get("/status", r -> Response.text(200, "fine"))
          .destructive(
              "POST", "/kill/{id}", r -> Response.text(200, "killed " + r.pathParam("id")));

  private static Request post(String path, Map<String, List<String>> headers) {
    return new Request("POST", path, null, headers, new byte[0], "10.0.0.7:5555");
  }

  @Test
  void aLoopbackServerNeedsNoTokenEvenWhenOneIsSet() {
    assertThat(AdminToken.required("127.0.0.1", List.of("POST /kill/{id}"), null)).isNull();
    assertThat(AdminToken.required("localhost", List.of("POST /kill/{id}"), "s3cret")).isNull();
    assertThat(AdminToken.required("::1", List.of("POST /kill/{id}"), null)).isNull();
  }

  @Test
  void aServerWithoutDestructiveRoutesNeedsNoToken() {
    assertThat(AdminToken.required("0.0.0.0", List.of(), null)).isNull();
  }

  @Test
  void anExposedServerWithDestructiveRoutesRefusesToStartWithoutAToken() {
    assertThatThrownBy(() -> AdminToken.required("0.0.0.0", List.of("POST /kill/{id}"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "this server would listen on 0.0.0.0, beyond this machine, with endpoints that stop"
                + " or break things (POST /kill/{id}): set WORKSHOP_TOKEN to a secret of your"
                + " choice in this terminal and in every terminal that runs workshop commands"
                + " against it, or keep the default --host 127.0.0.1");
    assertThat(AdminToken.required("0.0.0.0", List.of("POST /kill/{id}"), "s3cret"))
        .isEqualTo("s3cret");
  }

  @Test
  void routesListTheirDestructiveOnes() {
    assertThat(routes.destructiveRoutes()).containsExactly("POST /kill/{id}");
  }

  @Test
  void withoutARequiredTokenDestructiveRoutesAnswerAnyone() throws Exception {
    assertThat(routes.handle(post("/kill/node-2", Map.of())).bodyText()).isEqualTo("killed node-2");
  }

  @Test
  void withARequiredTokenOnlyTheRightHeaderGetsThrough() throws Exception {
    routes.requireToken("s3cret");
    Response none = routes.handle(post("/kill/node-2", Map.of()));
    assertThat(none.status()).isEqualTo(403);
    assertThat(new String(none.body(), StandardCharsets.UTF_8))
        .contains("\"error\":\"token_required\"")
        .contains("POST /kill/{id} stops or breaks things")
        .contains("X-Workshop-Token");
    Response wrong =
        routes.handle(post("/kill/node-2", Map.of("X-Workshop-Token", List.of("guess"))));
    assertThat(wrong.status()).isEqualTo(403);
    Response empty = routes.handle(post("/kill/node-2", Map.of("x-workshop-token", List.of(""))));
    assertThat(empty.status()).isEqualTo(403);
    Response right =
        routes.handle(post("/kill/node-2", Map.of("x-workshop-token", List.of("s3cret"))));
    assertThat(right.bodyText()).isEqualTo("killed node-2");
    assertThat(routes.handle(Request.of("GET", "/status", null)).bodyText())
        .as("other routes need no token")
        .isEqualTo("fine");
  }
}
