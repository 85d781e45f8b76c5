package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoutesTest {
  private final Routes routes =
      new Routes()
          .get("/", r -> Response.text(200, "root"))
          .get("/data/{key}", r -> Response.text(200, "read " + r.pathParam("key")))
          .post("/data", r -> Response.text(200, "store"));

  @Test
  void matchesLiteralAndParameterSegments() throws Exception {
    assertThat(routes.handle(Request.of("GET", "/", null)).bodyText()).isEqualTo("root");
    assertThat(routes.handle(Request.of("GET", "/data/user_1", null)).bodyText())
        .isEqualTo("read user_1");
  }

  @Test
  void decodesPercentEncodedParameters() throws Exception {
    assertThat(routes.handle(Request.of("GET", "/data/user%3A1%20x", null)).bodyText())
        .isEqualTo("read user:1 x");
  }

  @Test
  void answersUnknownPathsWith404ListingTheRoutes() throws Exception {
    Response r = routes.handle(Request.of("GET", "/nope", null));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.bodyText()).contains("no route for GET /nope").contains("POST /data");
  }

  @Test
  void answersAKnownPathWithTheWrongMethodWith405AndAllow() throws Exception {
    Response r = routes.handle(Request.of("DELETE", "/data/x", null));
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("GET");
  }

  @Test
  void doesNotMatchAnEmptyParameterOrExtraSegments() throws Exception {
    assertThat(routes.handle(Request.of("GET", "/data/", null)).status()).isEqualTo(404);
    assertThat(routes.handle(Request.of("GET", "/data/a/b", null)).status()).isEqualTo(404);
  }

  @Test
  void rejectsMalformedPercentEncodingWith400() throws Exception {
    try {
      routes.handle(Request.of("GET", "/data/%zz", null));
    } catch (HttpError e) {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.detail()).contains("percent-encoding");
      return;
    }
    throw new AssertionError("expected a 400");
  }
}
