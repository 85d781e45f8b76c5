package workshop.breaker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;

/** A real flaky server on a free port: the original's answers, the new modes and bad input. */
class FlakyServerTest {
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private FlakyServer server;
  private WebClient http;

  @BeforeEach
  void start() {
    server =
        FlakyServer.start(
            "127.0.0.1",
            0,
            new SplittableRandom(42),
            new PrintStream(log, true, StandardCharsets.UTF_8));
    http = WebClient.builder().timeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    server.close();
    http.close();
  }

  @Test
  void answersTheOriginalShapes() {
    assertThat(http.get(server.url() + "/").text())
        .isEqualTo("{\"status\":\"ok\",\"message\":\"I am healthy!\"}");
    assertThat(http.post(server.url() + "/fail").text()).isEqualTo("{\"status\":\"failing\"}");
    ClientResponse failing = http.get(server.url() + "/");
    assertThat(failing.status()).isEqualTo(500);
    assertThat(failing.text()).isEqualTo("{\"detail\":\"Internal Server Error\"}");
    assertThat(http.post(server.url() + "/recover").text()).isEqualTo("{\"status\":\"recovered\"}");
    assertThat(http.get(server.url() + "/").status()).isEqualTo(200);
    assertThat(http.get(server.url() + "/stats").json().path("failures").asInt()).isEqualTo(1);
  }

  @Test
  void slowModeOutlastsTheClientsTimeout() {
    assertThat(http.post(server.url() + "/slow?ms=1500").status()).isEqualTo(200);
    long t0 = System.nanoTime();
    CallFailure f = null;
    try {
      http.get(server.url() + "/", Duration.ofMillis(300));
    } catch (CallFailure e) {
      f = e;
    }
    assertThat(f).isNotNull();
    assertThat(f.kind()).isEqualTo(CallFailure.Kind.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - t0).toMillis()).isGreaterThanOrEqualTo(290);
  }

  @Test
  void flakyModeFailsAboutAsOftenAsAsked() {
    http.post(server.url() + "/flaky?rate=0.5");
    int failures = 0;
    for (int i = 0; i < 200; i++) {
      failures += http.get(server.url() + "/").status() == 500 ? 1 : 0;
    }
    // Half of 200 is 100; the spread is about 7, so 70..130 only fails on a broken draw.
    assertThat(failures).isBetween(70, 130);
    http.post(server.url() + "/flaky?rate=0");
    assertThat(http.get(server.url() + "/").status()).isEqualTo(200);
  }

  @Test
  void refusesBadModeParametersAndKeepsTheMode() {
    assertThat(http.post(server.url() + "/slow?ms=abc").json().path("detail").asText())
        .isEqualTo("ms must be a whole number between 1 and 60000, got 'abc'");
    assertThat(http.post(server.url() + "/slow?ms=0").status()).isEqualTo(422);
    assertThat(http.post(server.url() + "/slow?ms=600000").status()).isEqualTo(422);
    assertThat(http.post(server.url() + "/slow?ms=-5").status()).isEqualTo(422);
    assertThat(http.post(server.url() + "/flaky?rate=1.5").json().path("detail").asText())
        .isEqualTo("rate must be a number between 0 and 1, got '1.5'");
    assertThat(http.post(server.url() + "/flaky?rate=NaN").status()).isEqualTo(422);
    assertThat(http.post(server.url() + "/flaky?rate=").status()).isEqualTo(422);
    assertThat(http.get(server.url() + "/fail").status()).isEqualTo(405);
    assertThat(server.mode()).isEqualTo(new FlakyServer.Mode.Healthy());
  }
}
