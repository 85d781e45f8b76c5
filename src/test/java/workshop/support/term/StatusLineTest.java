package workshop.support.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusLineTest {
  @Test
  void printsAPlainLineAtMostOncePerIntervalWithoutATerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StatusLine line =
        new StatusLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 1000);
    line.update("a", 1000);
    line.update("b", 1500);
    line.update("c", 2000);
    line.finish();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("a\nc\n");
  }

  @Test
  void redrawsInPlaceOnATerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StatusLine line =
        new StatusLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 1000);
    line.update("a", 0);
    line.update("b", 1);
    line.finish();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\r\033[2Ka\r\033[2Kb\n");
  }

  @Test
  void aPlainLiveViewPrintsOneLinePerFrame() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (LiveView view = LiveView.plain(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      view.show(new Frame(List.of("big", "screen"), "summary 1"));
      view.show(new Frame(List.of("big", "screen"), "summary 2"));
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("summary 1\nsummary 2\n");
  }
}
