package workshop.breaker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import workshop.Golden;
import workshop.breaker.BreakerConfig;
import workshop.breaker.CircuitBreaker;
import workshop.breaker.Decision;
import workshop.support.term.Frame;
import workshop.support.term.Size;

/** The breaker panel after each call of a scripted run, against {@code breaker/view.txt}. */
class BreakerViewTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void showsEveryStateIncludingHalfOpenWhileTheTrialIsInFlight() throws IOException {
    CircuitBreaker b = new CircuitBreaker(BreakerConfig.DEFAULTS);
    List<BreakerView.Call> calls = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    // Slow mode: three 1 s timeouts open the circuit, then rejections take microseconds.
    for (int s = 0; s < 3; s++) {
      b.tryAcquire(T0.plusSeconds(2L * s));
      b.onFailure(T0.plusSeconds(2L * s + 1), "timeout");
      calls.add(
          new BreakerView.Call(s + 1, "TIMEOUT", Duration.ofMillis(1000), "Error: no answer"));
    }
    b.tryAcquire(T0.plusSeconds(6));
    calls.add(new BreakerView.Call(4, "REJECTED", Duration.ofNanos(4_000), "circuit is OPEN"));
    out.append(frame(b, calls, T0.plusSeconds(6), WIDE));
    Decision trial = b.tryAcquire(T0.plusSeconds(10));
    assertThat(trial).isEqualTo(new Decision.Permitted(true));
    List<BreakerView.Call> inFlight = new ArrayList<>(calls);
    inFlight.add(new BreakerView.Call(5, "TRIAL...", Duration.ZERO, "the one trial call"));
    out.append(frame(b, inFlight, T0.plusSeconds(10), WIDE));
    b.onSuccess(T0.plusSeconds(10).plusMillis(2)); // the trial call took 2 ms
    calls.add(new BreakerView.Call(5, "200", Duration.ofMillis(2), "Response: I am healthy!"));
    out.append(frame(b, calls, T0.plusSeconds(10), WIDE));
    out.append(frame(b, calls, T0.plusSeconds(10), new Size(80, 23)));
    // A long run on a short terminal: the older calls and transitions give way, and it says so.
    for (int n = 6; n <= 14; n++) {
      calls.add(new BreakerView.Call(n, "200", Duration.ofMillis(2), "Response: I am healthy!"));
    }
    b.tryAcquire(T0.plusSeconds(20));
    b.onFailure(T0.plusSeconds(20), "HTTP 500");
    b.tryAcquire(T0.plusSeconds(21));
    b.onFailure(T0.plusSeconds(21), "HTTP 500");
    b.tryAcquire(T0.plusSeconds(22));
    b.onFailure(T0.plusSeconds(22), "HTTP 500");
    out.append(frame(b, calls, T0.plusSeconds(23), new Size(80, 23)));
    out.append(frame(b, calls, T0.plusSeconds(23), new Size(100, 29)));
    Golden.assertMatches("breaker/view.txt", out.toString());
  }

  @Test
  void aTrialThatFailsInFiveMillisecondsStaysOnScreenUntilTheNextTrial() {
    // POST /fail: the server answers 500 at once, so the trial is HALF-OPEN for 5 ms, less than
    // one refresh of the panel (1 s). The frame shown for the next second must still show it.
    CircuitBreaker b = new CircuitBreaker(BreakerConfig.DEFAULTS);
    for (int s = 0; s < 3; s++) {
      b.tryAcquire(T0.plusSeconds(s));
      b.onFailure(T0.plusSeconds(s), "HTTP 500"); // the third opens the circuit at 2.0 s
    }
    assertThat(text(b, T0.plusSeconds(3))).contains("Last trial: - (none yet)");
    b.tryAcquire(T0.plusSeconds(7)); // 5 s after opening: the trial
    b.onFailure(T0.plusSeconds(7).plusMillis(5), "HTTP 500");
    String shown = text(b, T0.plusSeconds(7).plusMillis(5));
    assertThat(shown)
        .contains("Current State: [R] OPEN (Failing - Fast Fail)")
        .contains(
            "Last trial: [Y] HALF-OPEN at 7.0 s for 5 ms -> [R] OPEN: trial call failed (HTTP"
                + " 500)");
    // Still there a refresh later, and until the next trial replaces it.
    assertThat(text(b, T0.plusSeconds(11))).contains("Last trial: [Y] HALF-OPEN at 7.0 s for 5 ms");
    b.tryAcquire(T0.plusSeconds(13)); // 5 s after the failed trial reopened it
    b.onSuccess(T0.plusSeconds(13).plusMillis(4));
    assertThat(text(b, T0.plusSeconds(14)))
        .contains("Current State: [G] CLOSED (Healthy)")
        .contains(
            "Last trial: [Y] HALF-OPEN at 13.0 s for 4 ms -> [G] CLOSED: trial call succeeded");
  }

  @Test
  void theLastTrialWrapsUnderItselfOnAnEightyColumnTerminal() {
    CircuitBreaker b = new CircuitBreaker(BreakerConfig.DEFAULTS);
    for (int s = 0; s < 3; s++) {
      b.tryAcquire(T0.plusSeconds(s));
      b.onFailure(T0.plusSeconds(s), "timeout");
    }
    b.tryAcquire(T0.plusSeconds(7));
    b.onFailure(T0.plusSeconds(8), "timeout");
    Frame f =
        BreakerView.render(
            "http://127.0.0.1:9001/",
            Duration.ofSeconds(1),
            T0,
            b.snapshot(T0.plusSeconds(8)),
            List.of(),
            "",
            new Size(80, 23));
    assertThat(f.screen())
        .contains(
            "Last trial: [Y] HALF-OPEN at 7.0 s for 1000 ms -> [R] OPEN: trial call failed",
            "            (timeout)");
  }

  private static String text(CircuitBreaker b, Instant now) {
    return String.join(
        "\n",
        BreakerView.render(
                "http://127.0.0.1:9001/",
                Duration.ofSeconds(1),
                T0,
                b.snapshot(now),
                List.of(),
                "",
                WIDE)
            .screen());
  }

  static final Size WIDE = new Size(160, 49);

  private static String frame(
      CircuitBreaker b, List<BreakerView.Call> calls, Instant now, Size size) {
    Frame f =
        BreakerView.render(
            "http://127.0.0.1:9001/",
            Duration.ofSeconds(1),
            T0,
            b.snapshot(now),
            calls,
            "Try: curl -X POST http://127.0.0.1:9001/fail | /recover | /slow?ms=3000 |"
                + " /flaky?rate=0.5    (Ctrl+C quits)",
            size);
    return Golden.frame(size.columns() + "x" + (size.rows() + 1) + " terminal", f);
  }

  private static String golden() throws IOException {
    try (InputStream in = BreakerViewTest.class.getResourceAsStream("/breaker/view.txt")) {
      return in == null
          ? "(missing golden file)"
          : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
