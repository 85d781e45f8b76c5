package workshop.support.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RefreshLoopTest {
  @Test
  void stopsOnceThePlainOutputIsClosedAsWhenHeadExits() {
    // A pipe whose reader left: every write fails, as `| head` does after its lines.
    PrintStream closedPipe =
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
              }
            },
            true);
    AtomicInteger frames = new AtomicInteger();
    try (LiveView view = LiveView.plain(closedPipe)) {
      RefreshLoop.run(
          view,
          Duration.ofMillis(1),
          () -> Frame.of("screen", "line " + frames.incrementAndGet()),
          () -> frames.get() >= 1000);
    }
    assertThat(frames.get()).as("stopped after the first failed write").isEqualTo(1);
  }
}
