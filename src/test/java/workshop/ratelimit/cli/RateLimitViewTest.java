package workshop.ratelimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import workshop.support.term.Canvas;
import workshop.support.term.Frame;
import workshop.support.term.Size;

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
                    "bad actor", 20, 55, 145, 0, "429 Too Many Requests (Retry-After 1 s)")),
            new Size(80, 23));
    // 80 columns leave 30 per bar; 55 + 145 = 200 answers: 8.25 -> 8 blocks of 200s, 21.75 -> 22
    // of 429s. The table is exactly 80 columns wide.
    assertThat(Canvas.plain(f.screen()))
        .containsExactly(
            "=== Rate limiting at http://localhost:5004 (10 s) ===",
            "user       sends     200     429  other  last answer",
            "good user    1/s      10       0      0  200 OK",
            "bad actor   20/s      55     145      0  429 Too Many Requests (Retry-After 1 s)",
            "",
            "good user  200 ██████████████████████████████ 429",
            "bad actor  200 ████████                       429 ██████████████████████",
            "",
            "Checkpoint: bad actor throttled ✅ | good user never throttled ✅");
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
                new RateLimitView.User("bad actor", 20, 100, 0, 0, "200 OK")),
            new Size(80, 23));
    // The command on a line of its own, so it is never cut or broken at 80 columns.
    assertThat(f.screen())
        .endsWith(
            "No 429 yet: is the target started with --rate-limit? Try:",
            "  ./workshop node --port 5004 --id 4 --rate-limit 5");
  }
}
