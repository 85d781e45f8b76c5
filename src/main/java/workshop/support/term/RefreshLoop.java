package workshop.support.term;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The loop every live view shares: take a frame, show it, wait, repeat until {@code done} says
 * stop, the output is gone (a closed pipe) or the thread is interrupted (Ctrl+C ends the JVM, which
 * ends the loop).
 */
public final class RefreshLoop {
  private RefreshLoop() {}

  public static void run(
      LiveView view, Duration every, Supplier<Frame> frames, BooleanSupplier done) {
    while (!Thread.currentThread().isInterrupted()) {
      view.show(frames.get());
      if (done.getAsBoolean() || view.outputClosed()) {
        return;
      }
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
