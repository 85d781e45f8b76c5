package workshop.support.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

class LiveViewTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void plainOutputPrintsASummaryOnlyWhenItChangesOrAfterAHeartbeat() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong();
    try (LiveView view =
        LiveView.plain(new PrintStream(bytes, true, StandardCharsets.UTF_8), now::get)) {
      for (String line : List.of("a", "a", "b", "b", "b")) {
        view.show(Frame.of("screen", line));
        now.addAndGet(SECOND);
      }
      // 5 s after the last "b" was printed: printed again, so a log shows the view is alive.
      now.addAndGet(3 * SECOND);
      view.show(Frame.of("screen", "b"));
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("a\nb\nb\n");
  }

  @Test
  void anExceptionInAViewStillGivesTheCursorBackAndPrintsWhatWasHeld() throws IOException {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    PrintStream err = System.err;
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    AtomicInteger frames = new AtomicInteger();
    try (Terminal terminal = memoryTerminal(screen)) {
      assertThatThrownBy(
              () -> {
                try (LiveView view = LiveView.on(terminal, screen)) {
                  RefreshLoop.run(
                      view,
                      Duration.ofMillis(1),
                      () -> {
                        if (frames.incrementAndGet() == 3) {
                          throw new IllegalStateException("the view broke");
                        }
                        System.err.println("a log line while the view is on screen");
                        return Frame.of("frame " + frames.get(), "line");
                      },
                      () -> false);
                }
              })
          .hasMessage("the view broke");
    } finally {
      System.setErr(err);
    }
    String drawn = screen.toString(StandardCharsets.UTF_8);
    assertThat(drawn).startsWith(Repaint.HIDE_CURSOR).contains("frame 2");
    assertThat(drawn).endsWith(Repaint.SHOW_CURSOR);
    assertThat(drawn).doesNotContain("a log line");
    // Held while the frame was up, printed once the view had ended.
    assertThat(errBytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "a log line while the view is on screen\na log line while the view is on screen\n");
  }

  @Test
  void aViewIsFittedToItsTerminalWhateverItRenders() throws IOException {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    try (Terminal terminal = memoryTerminal(screen);
        LiveView view = LiveView.on(terminal, screen)) {
      assertThat(view.size()).isEqualTo(new Size(40, 9));
      view.show(new Frame(java.util.Collections.nCopies(20, "x".repeat(60)), "line"));
    }
    String drawn = screen.toString(StandardCharsets.UTF_8);
    assertThat(drawn).contains("x".repeat(39) + "…").doesNotContain("x".repeat(40));
    // 9 rows: 8 lines and the notice (cut itself to the 40 columns).
    assertThat(drawn).contains("… 12 more lines below: a terminal 21 ro…");
  }

  /** A tmux-256color terminal of 40x10 that writes to memory. */
  private static Terminal memoryTerminal(ByteArrayOutputStream out) throws IOException {
    return TerminalBuilder.builder()
        .system(false)
        .streams(new ByteArrayInputStream(new byte[0]), out)
        .type("tmux-256color")
        .size(new org.jline.terminal.Size(40, 10))
        .encoding(StandardCharsets.UTF_8)
        .build();
  }
}
