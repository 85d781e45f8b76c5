package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A client sends its token to the addresses its {@link TokenTrust} trusts and to no others: the
 * header is looked for on what a real server received.
 */
class TokenTrustTest {
  /** A server that keeps the token header of every request it gets ("-" for none). */
  private static WebServer capturing(List<String> seen) {
    return WebServer.builder("capture")
        .port(0)
        .routes(
            new Routes()
                .post(
                    "/anything",
                    r -> {
                      String t = r.header(AdminToken.HEADER);
                      seen.add(t == null ? "-" : t);
                      return Response.text(200, "ok");
                    }))
        .start();
  }

  @Test
  void aClientSendsItsTokenOnlyToTheAddressesItTrusts() {
    List<String> trustedSaw = new CopyOnWriteArrayList<>();
    List<String> strangerSaw = new CopyOnWriteArrayList<>();
    TokenTrust tokens = TokenTrust.of("s3cret");
    try (WebServer trusted = capturing(trustedSaw);
        WebServer stranger = capturing(strangerSaw);
        WebClient client =
            WebClient.builder().timeout(Duration.ofSeconds(5)).token(tokens).build()) {
      tokens.trust(trusted.url());
      client.post(trusted.url() + "/anything");
      client.post(stranger.url() + "/anything");
      // "localhost" is another address than 127.0.0.1: trusted one by one.
      client.post("http://localhost:" + trusted.port() + "/anything");
      tokens.trust(stranger.url());
      client.post(stranger.url() + "/anything");
    }
    assertThat(trustedSaw).containsExactly("s3cret", "-");
    assertThat(strangerSaw).as("only once it was trusted").containsExactly("-", "s3cret");
  }

  @Test
  void aClientWithoutTrustSendsNoTokenAnywhere() {
    List<String> saw = new CopyOnWriteArrayList<>();
    try (WebServer server = capturing(saw);
        WebClient client = WebClient.create(Duration.ofSeconds(5))) {
      client.post(server.url() + "/anything");
    }
    assertThat(saw).containsExactly("-");
  }

  @Test
  void addressesCompareAsHostAndPort() {
    TokenTrust t = TokenTrust.of("s3cret").trust("http://127.0.0.1:5000/");
    assertThat(t.trusts("http://127.0.0.1:5000")).isTrue();
    assertThat(t.trusts("127.0.0.1:5000")).isTrue();
    assertThat(t.trusts("http://127.0.0.1:5000/heartbeat")).isTrue();
    assertThat(t.trusts("http://127.0.0.1:5001")).isFalse();
    assertThat(t.trusts("http://localhost:5000")).isFalse();
    t.trust("Node.Example:80");
    assertThat(t.trusts("http://node.example")).as("port 80 when none is written").isTrue();
    assertThat(t.trusted()).containsExactly("127.0.0.1:5000", "node.example:80");
  }

  @Test
  void whatIsNotAnAddressIsNeverTrusted() {
    TokenTrust t = TokenTrust.of("s3cret");
    for (String bad : new String[] {null, "", "  ", "ftp://127.0.0.1:21", "http://", "::::"}) {
      t.trust(bad);
      assertThat(t.trusts(bad)).as(String.valueOf(bad)).isFalse();
    }
    assertThat(t.trusted()).isEmpty();
  }

  @Test
  void withoutATokenNothingIsSentWhateverIsTrusted() {
    TokenTrust none = TokenTrust.none().trust("http://127.0.0.1:5000");
    assertThat(none.token()).isNull();
    assertThat(none.trusts("http://127.0.0.1:5000")).isFalse();
    assertThat(TokenTrust.of("  ").token()).isNull();
  }
}
