package workshop.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import workshop.Golden;

/** The breaker with literal instants: no sleeps, every number explained. */
class CircuitBreakerTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private final CircuitBreaker breaker = new CircuitBreaker(BreakerConfig.DEFAULTS);

  private void fail(Instant at) {
    assertThat(breaker.tryAcquire(at)).isInstanceOf(Decision.Permitted.class);
    breaker.onFailure(at, "500");
  }

  @Test
  void opensAfterThirdConsecutiveFailure() {
    fail(T0);
    fail(T0.plusSeconds(1));
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED); // 2 < threshold 3
    fail(T0.plusSeconds(2));
    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    assertThat(breaker.snapshot(T0.plusSeconds(2)).transitions().get(0).announcement())
        .isEqualTo("Circuit split: Entering OPEN state (Failures: 3)");
  }

  @Test
  void aSuccessResetsTheCountSoOnlyConsecutiveFailuresOpen() {
    fail(T0);
    fail(T0.plusSeconds(1));
    breaker.tryAcquire(T0.plusSeconds(2));
    breaker.onSuccess(T0.plusSeconds(2));
    fail(T0.plusSeconds(3));
    fail(T0.plusSeconds(4));
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED); // 2 in a row since the success
  }

  @Test
  void rejectsWhileOpenAndSaysWhenTheNextTrialComes() {
    openAt(T0);
    Decision d = breaker.tryAcquire(T0.plusSeconds(2));
    // Opened at T0 with a 5 s open duration: 3 s left at T0+2.
    assertThat(d)
        .isEqualTo(new Decision.Rejected("circuit is OPEN (Fast Fail): next trial in 3000 ms"));
    assertThat(breaker.snapshot(T0.plusSeconds(2)).untilTrial()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void halfOpenLetsExactlyOneTrialThrough() {
    openAt(T0);
    assertThat(breaker.tryAcquire(T0.plusSeconds(6))).isEqualTo(new Decision.Permitted(true));
    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(breaker.tryAcquire(T0.plusSeconds(6))).isInstanceOf(Decision.Rejected.class);
    assertThat(breaker.tryAcquire(T0.plusSeconds(7))).isInstanceOf(Decision.Rejected.class);
  }

  @Test
  void theTrialIsAllowedExactlyWhenTheOpenDurationHasElapsed() {
    openAt(T0);
    assertThat(breaker.tryAcquire(T0.plusMillis(4_999))).isInstanceOf(Decision.Rejected.class);
    assertThat(breaker.tryAcquire(T0.plusSeconds(5))).isEqualTo(new Decision.Permitted(true));
  }

  @Test
  void closesOnASuccessfulTrial() {
    openAt(T0);
    breaker.tryAcquire(T0.plusSeconds(6));
    breaker.onSuccess(T0.plusSeconds(6));
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breaker.snapshot(T0.plusSeconds(6)).consecutiveFailures()).isZero();
  }

  @Test
  void reopensOnAFailedTrialForAnotherFullOpenDuration() {
    openAt(T0);
    breaker.tryAcquire(T0.plusSeconds(6));
    breaker.onFailure(T0.plusSeconds(6), "500");
    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    // Reopened at T0+6, so the next trial is at T0+11, not T0+10.
    assertThat(breaker.tryAcquire(T0.plusSeconds(10))).isInstanceOf(Decision.Rejected.class);
    assertThat(breaker.tryAcquire(T0.plusSeconds(11))).isEqualTo(new Decision.Permitted(true));
  }

  @Test
  void lateAnswersWhileOpenChangeNothing() {
    openAt(T0);
    breaker.onSuccess(T0.plusSeconds(1));
    breaker.onFailure(T0.plusSeconds(1), "timeout");
    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    assertThat(breaker.snapshot(T0).transitions()).hasSize(1);
  }

  @Test
  void refusesConfigsOutsideTheAllowedRangeNamingTheRange() {
    assertThatThrownBy(() -> new BreakerConfig(0, Duration.ofSeconds(5)))
        .hasMessage("failure threshold must be between 1 and 1000, got 0 (default 3)");
    assertThatThrownBy(() -> new BreakerConfig(3, Duration.ZERO))
        .hasMessage("open duration must be more than 0, got PT0S (default 5s)");
    assertThatThrownBy(() -> new BreakerConfig(3, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aThresholdOfOneOpensOnTheFirstFailure() {
    CircuitBreaker b = new CircuitBreaker(new BreakerConfig(1, Duration.ofSeconds(1)));
    b.tryAcquire(T0);
    b.onFailure(T0, "500");
    assertThat(b.state()).isEqualTo(BreakerState.OPEN);
  }

  /** The lesson's whole story, compared with {@code breaker/transitions.txt}. */
  @Test
  void transcriptOfATripAndTwoRecoveryAttemptsMatchesTheGoldenFile() throws IOException {
    List<String> lines = new ArrayList<>();
    CircuitBreaker b = new CircuitBreaker(BreakerConfig.DEFAULTS);
    String[] script = {
      "0 fail", "1 fail", "2 fail", "3 call", "4 call", "7 fail", "8 call", "12 ok", "13 ok"
    };
    for (String step : script) {
      String[] parts = step.split(" ");
      Instant at = T0.plusSeconds(Integer.parseInt(parts[0]));
      int before = b.snapshot(at).transitions().size();
      Decision d = b.tryAcquire(at);
      String outcome;
      if (d instanceof Decision.Rejected r) {
        outcome = "rejected: " + r.reason();
      } else if (parts[1].equals("ok")) {
        b.onSuccess(at);
        outcome = "called: 200";
      } else {
        b.onFailure(at, "500");
        outcome = "called: 500";
      }
      lines.add(
          String.format(
              "t=%-3d %-5s -> %-9s %s", Integer.parseInt(parts[0]), parts[1], b.state(), outcome));
      for (Transition t :
          b.snapshot(at).transitions().subList(before, b.snapshot(at).transitions().size())) {
        lines.add("      " + t.describe() + "  [" + t.announcement() + "]");
      }
    }
    String actual = String.join("\n", lines) + "\n";
    Golden.assertMatches("breaker/transitions.txt", actual);
  }

  static String golden(String resource) throws IOException {
    try (InputStream in = CircuitBreakerTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "(missing golden file " + resource + ")";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void openAt(Instant at) {
    fail(at);
    fail(at);
    fail(at);
    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
  }
}
