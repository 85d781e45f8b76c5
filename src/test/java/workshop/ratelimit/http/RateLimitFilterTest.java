package workshop.ratelimit.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.ratelimit.RateLimitConfig;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.Request;
import workshop.support.http.WebClient;

/** The filter on a real node: valid writes over the limit get 429, monitors never do. */
class RateLimitFilterTest {
  @Test
  void clientsAreToldApartByHeaderElseByAddressWithoutPort() {
    Request withId =
        new Request(
            "GET",
            "/",
            null,
            Map.of("X-Client-Id", List.of("alice")),
            new byte[0],
            "127.0.0.1:4242");
    Request plain = new Request("GET", "/", null, Map.of(), new byte[0], "127.0.0.1:4242");
    Request v6 = new Request("GET", "/", null, Map.of(), new byte[0], "0:0:0:0:0:0:0:1:5151");
    assertThat(RateLimitFilter.clientId(withId)).isEqualTo("alice");
    assertThat(RateLimitFilter.clientId(plain)).isEqualTo("127.0.0.1");
    assertThat(RateLimitFilter.clientId(v6)).isEqualTo("0:0:0:0:0:0:0:1");
  }

  @Test
  void aRateLimitedNodeRefusesTheFloodButNotTheMonitor() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    NodeServer node =
        NodeServer.start(
            new NodeConfig(4, "127.0.0.1", 0, 0, 1),
            FaultPolicy.NONE,
            new PrintStream(log, true, StandardCharsets.UTF_8),
            new RateLimitConfig(RateLimitConfig.Strategy.FIXED_WINDOW, 3, 3));
    try (WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      int ok = 0;
      int limited = 0;
      ClientResponse last = null;
      for (int i = 0; i < 6; i++) {
        last =
            http.send(
                "POST",
                node.url() + "/data",
                Map.of("Content-Type", "application/json"),
                "{\"key\":\"k\",\"value\":\"v\"}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(5));
        ok += last.status() == 200 ? 1 : 0;
        limited += last.status() == 429 ? 1 : 0;
      }
      // Three per one-second window; six sent within a few milliseconds (a window boundary
      // may fall in between, letting up to three more through).
      assertThat(ok).isBetween(3, 6);
      assertThat(limited).isEqualTo(6 - ok);
      for (int i = 0; i < 10; i++) {
        assertThat(http.get(node.url() + "/health").status()).isEqualTo(200);
        assertThat(http.get(node.url() + "/stats").status()).isEqualTo(200);
      }
      assertThat(
              http.get(node.url() + "/stats").json().path("rate_limit").path("strategy").asText())
          .isEqualTo("fixed-window");
    } finally {
      node.close();
    }
  }
}
