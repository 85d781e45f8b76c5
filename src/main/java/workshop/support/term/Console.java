package workshop.support.term;

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
}
