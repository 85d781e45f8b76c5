package workshop.support.term;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp;

/**
 * Shows a sequence of {@link Frame}s: redrawn in place on a terminal, or as one plain line per
 * update when output is not a terminal (CI, pipes, files). The only class that knows the terminal
 * library.
 */
public final class LiveView implements AutoCloseable {
  private final PrintStream out;
  private final Terminal terminal;
  private final Display display;
  private Frame last;
  private boolean closed;
  private final Thread restoreOnExit;

  private LiveView(PrintStream out, Terminal terminal) {
    this.out = out;
    this.terminal = terminal;
    if (terminal != null) {
      display = new Display(terminal, true);
      Size size = terminal.getSize();
      display.resize(Math.max(size.getRows(), 10), Math.max(size.getColumns(), 40));
      terminal.puts(InfoCmp.Capability.clear_screen);
      terminal.puts(InfoCmp.Capability.cursor_invisible);
      terminal.flush();
      // Ctrl+C ends the JVM without leaving the loop: give the cursor back on the way out.
      restoreOnExit = new Thread(this::close, "live-view-restore");
      Runtime.getRuntime().addShutdownHook(restoreOnExit);
    } else {
      display = null;
      restoreOnExit = null;
    }
  }

  /** A view on standard output, interactive when it is a terminal. */
  public static LiveView open() {
    return open(System.out, Console.interactive());
  }

  /** A view that always prints plain lines to {@code out}. */
  public static LiveView plain(PrintStream out) {
    return new LiveView(out, null);
  }

  static LiveView open(PrintStream out, boolean interactive) {
    if (!interactive) {
      return plain(out);
    }
    try {
      Terminal t =
          TerminalBuilder.builder()
              .system(true)
              .dumb(false)
              // Leave SIGINT to the JVM: JLine would otherwise restore the OS default, and Ctrl+C
              // would kill the JVM without running the hook that gives the cursor back.
              .nativeSignals(false)
              .build();
      return new LiveView(out, t);
    } catch (IOException | IllegalStateException e) {
      return plain(out);
    }
  }

  public boolean interactive() {
    return terminal != null;
  }

  /**
   * True once plain output can no longer be written (say, {@code | head} has exited): Java ignores
   * SIGPIPE, so without this check a view would go on printing into the void forever.
   */
  public boolean outputClosed() {
    return terminal == null && out.checkError();
  }

  /** Columns to draw in: the terminal's width, or 100 for plain output. */
  public int width() {
    return terminal == null ? 100 : Math.max(terminal.getSize().getColumns(), 40);
  }

  /** Shows a frame: redraws the screen, or prints the frame's line. */
  public synchronized void show(Frame frame) {
    if (closed) {
      return;
    }
    last = frame;
    if (terminal == null) {
      out.println(frame.line());
      out.flush();
      return;
    }
    Size size = terminal.getSize();
    int rows = Math.max(size.getRows(), 10);
    int cols = Math.max(size.getColumns(), 40);
    display.resize(rows, cols);
    List<AttributedString> lines = new ArrayList<>();
    for (String line : frame.screen()) {
      if (lines.size() >= rows - 1) {
        break;
      }
      lines.add(AttributedString.fromAnsi(line));
    }
    display.update(lines, -1);
    terminal.flush();
  }

  /** Leaves the last frame on screen (or prints nothing more) and restores the cursor. */
  @Override
  public synchronized void close() {
    if (terminal == null || closed) {
      return;
    }
    closed = true;
    try {
      if (Thread.currentThread() != restoreOnExit) {
        Runtime.getRuntime().removeShutdownHook(restoreOnExit);
      }
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs, and finds the view closed.
    }
    try {
      terminal.puts(InfoCmp.Capability.cursor_visible);
      terminal.writer().println();
      terminal.flush();
      terminal.close();
    } catch (IOException e) {
      // The terminal is going away with us.
    }
    if (last != null) {
      out.flush();
    }
  }
}
