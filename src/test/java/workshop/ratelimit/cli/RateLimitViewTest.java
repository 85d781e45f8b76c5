package workshop.ratelimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import workshop.support.term.Frame;

class RateLimitViewTest {
  @Test
  void showsTheCheckpointWhenTheBadActorIsThrottledAndTheGoodUserIsNot() {
    Frame f =
        RateLimitView.render(
            new RateLimitView.Snapshot(
                "http://localhost:5004",
                10,
                new RateLimitView.User("good user", 1, 10, 0, 0, "200 OK"),
                new RateLimitView.User(
                    "bad actor", 20, 55, 145, 0, "429 Too Many Requests (Retry-After 1 s)")));
    assertThat(f.screen().get(0))
        .isEqualTo("=== Rate limiting at http://localhost:5004 (10 s) ===");
    assertThat(f.screen().get(2)).isEqualTo("good user     1/s      10       0       0  200 OK");
    assertThat(f.screen().get(3))
        .isEqualTo(
            "bad actor    20/s      55     145       0  429 Too Many Requests (Retry-After 1 s)");
    assertThat(f.screen())
        .contains("Checkpoint: bad actor throttled ✅ | good user never throttled ✅");
    assertThat(f.line())
        .isEqualTo(
            "10s good user 200=10 429=0 | bad actor 200=55 429=145 | throttled=true spared=true");
  }

  @Test
  void saysWhatToDoWhenNoRequestIsEverRefused() {
    Frame f =
        RateLimitView.render(
            new RateLimitView.Snapshot(
                "http://localhost:5001",
                5,
                new RateLimitView.User("good user", 1, 5, 0, 0, "200 OK"),
                new RateLimitView.User("bad actor", 20, 100, 0, 0, "200 OK")));
    assertThat(String.join("\n", f.screen()))
        .contains("No 429 yet: is the target started with --rate-limit?");
  }
}
