package workshop.support.term;

import java.io.PrintStream;

/**
 * One status line that updates in place on a terminal ({@code \r} and erase-line) and is printed as
 * a new line at most every {@code plainEveryMillis} otherwise.
 */
public final class StatusLine {
  private final PrintStream out;
  private final boolean interactive;
  private final long plainEveryMillis;
  private long lastPlain;
  private boolean dirty;

  public StatusLine(PrintStream out, boolean interactive, long plainEveryMillis) {
    this.out = out;
    this.interactive = interactive;
    this.plainEveryMillis = plainEveryMillis;
  }

  /**
   * @param nowMillis the caller's monotonic clock, so the plain-mode rate is testable
   */
  public synchronized void update(String text, long nowMillis) {
    if (interactive) {
      out.print("\r\033[2K" + text);
      out.flush();
      dirty = true;
    } else if (nowMillis - lastPlain >= plainEveryMillis) {
      lastPlain = nowMillis;
      out.println(text);
    }
  }

  /** Ends the in-place line so the next output starts on a fresh one. */
  public synchronized void finish() {
    if (interactive && dirty) {
      out.println();
      dirty = false;
    }
  }
}
