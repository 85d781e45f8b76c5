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
    b.onSuccess(T0.plusSeconds(10));
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
