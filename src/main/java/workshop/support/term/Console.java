package workshop.support.term;

import java.io.OutputStream;
import java.io.PrintStream;

/** Whether output is a terminal that can be redrawn, and what it can show. */
public final class Console {
  private Console() {}

  /**
   * True when standard output is an interactive terminal. {@code WORKSHOP_PLAIN=1} or {@code
   * TERM=dumb} force plain line-by-line output.
   */
  public static boolean interactive() {
    if ("1".equals(System.getenv("WORKSHOP_PLAIN")) || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // JDK 22+ returns a console even when redirected; ask it whether it is a terminal.
      return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** Standard output, flushed after every line so prefixes and pipes stay in order. */
  public static PrintStream out() {
    return System.out;
  }

  /**
   * A stream that writes to whatever {@code System.err} is at the time of each write. Give it to a
   * server started in-process before a live view opens: the view holds standard error back while
   * its frame is up, and a stream captured earlier would still write over the frame.
   */
  public static PrintStream currentErr() {
    return new PrintStream(
        new OutputStream() {
          @Override
          public void write(int b) {
            System.err.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            System.err.write(b, off, len);
          }

          @Override
          public void flush() {
            System.err.flush();
          }
        },
        true,
        System.err.charset());
  }
}
