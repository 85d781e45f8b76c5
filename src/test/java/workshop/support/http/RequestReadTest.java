package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import workshop.support.json.Json;

/** Hostile and malformed bodies read into a record: a JSON 400 or 422 that names the field. */
class RequestReadTest {
  record Put(String key, long version) {}

  private WebServer server;
  private WebClient http;

  @BeforeEach
  void start() {
    server =
        WebServer.builder("read")
            .host("127.0.0.1")
            .port(0)
            .routes(
                new Routes()
                    .post(
                        "/put",
                        r -> {
                          Put p = r.read(Put.class);
                          return Response.ok(Json.map("key", p.key(), "version", p.version()));
                        }))
            .start();
    http = WebClient.create(Duration.ofSeconds(20));
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  private ClientResponse put(String body) {
    return http.send(
        "POST",
        server.url() + "/put",
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(20));
  }

  private String detail(ClientResponse r) {
    return r.json().path("detail").asString();
  }

  @Test
  void aWellFormedBodyIsRead() {
    ClientResponse r = put("{\"key\":\"k\",\"version\":7,\"extra\":true}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("{\"key\":\"k\",\"version\":7}");
  }

  @Test
  void malformedJsonIs400() {
    for (String body : new String[] {"{\"key\":", "", "nope", "{\"key\":\"k\" \"version\":1}"}) {
      ClientResponse r = put(body);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.json().path("error").asString()).isEqualTo("malformed_json");
    }
    assertThat(detail(put("[1,2]"))).isEqualTo("the body must be a JSON object, not an array");
    assertThat(put("\"k\"").status()).isEqualTo(400);
  }

  @Test
  void wrongTypesAndMissingFieldsAre422NamingTheFieldAndTheType() {
    ClientResponse array = put("{\"key\":[1,2],\"version\":1}");
    assertThat(array.status()).isEqualTo(422);
    assertThat(array.json().path("error").asString()).isEqualTo("invalid_field");
    assertThat(detail(array)).isEqualTo("field 'key' must be a string, not an array");
    assertThat(detail(put("{\"key\":\"k\"}")))
        .isEqualTo("field 'version' is required (a whole number)");
    assertThat(detail(put("{\"key\":\"k\",\"version\":1.5e300}")))
        .isEqualTo("field 'version' must be a whole number, not 1.5E300");
    ClientResponse huge = put("{\"key\":\"k\",\"version\":" + "7".repeat(400) + "}");
    assertThat(huge.status()).isEqualTo(422);
    assertThat(detail(huge)).endsWith("not a 400-character number");
    assertThat(put("{\"key\":\"k\",\"version\":true}").status()).isEqualTo(422);
  }

  @Test
  void noBodyGetsA500OrNamesALibraryClass() {
    String[] hostile = {
      "{\"key\":\"k\",\"version\":" + "1".repeat(5000) + "}",
      "[".repeat(3000) + "]".repeat(3000),
      "{\"key\":\"" + "\\ud800" + "\",\"version\":1}",
      "{\"key\":\"k\",\"version\":1,\"key\":{}}",
      "{\"key\":\"k\",\"version\":-0.0}",
      "{\"key\":\"k\",\"version\":NaN}",
      "\u0000\u0001",
      "{\"key\":\"k\",\"version\":1}garbage"
    };
    for (String body : hostile) {
      ClientResponse r = put(body);
      String shown = body.length() > 40 ? body.substring(0, 40) + "..." : body;
      assertThat(r.status()).as(shown).isIn(200, 400, 422);
      assertThat(r.text())
          .as(shown)
          .doesNotContain("jackson")
          .doesNotContain("Exception")
          .doesNotContain("Constraints")
          .doesNotContain("`");
    }
  }
}
