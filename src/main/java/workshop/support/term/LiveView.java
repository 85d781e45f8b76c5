package workshop.support.term;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.function.LongSupplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Shows a sequence of {@link Frame}s: redrawn in place on a terminal, or as plain lines when output
 * is not a terminal (CI, pipes, files). The only class that knows the terminal library (JLine),
 * which it uses for the terminal's size and output; the drawing itself is {@link Repaint}'s.
 *
 * <p>On a terminal:
 *
 * <ul>
 *   <li>a frame is fitted to the terminal ({@link Canvas#fit}) before it is drawn, so a line never
 *       wraps and a frame too tall says so on its last row; views that lay themselves out for
 *       {@link #size()} are drawn exactly as rendered;
 *   <li>the cursor is hidden while the view runs and given back on every way out: the end of the
 *       view, an exception (close), Ctrl+C and {@code kill} (a shutdown hook). It is restored with
 *       the show-cursor sequence itself (DECTCEM), not terminfo's {@code cursor_visible} ({@code
 *       cvvis}), which under tmux and screen ({@code TERM=tmux-256color}) only stops the cursor
 *       blinking and left it hidden;
 *   <li>anything else the process prints to standard output or error while the frame is on screen
 *       (a server started in-process logging an event) is held and printed after the view ends,
 *       instead of scribbling over the frame.
 * </ul>
 *
 * <p>Without a terminal each frame prints its one-line summary, only when it differs from the last
 * one printed or {@link #HEARTBEAT_NANOS} have passed (so a log shows the view is still alive).
 *
 * <p>For tests: with {@code WORKSHOP_FRAME_FILE} set, every frame drawn on a terminal is also
 * written to that file, with a header saying whether it is fully drawn yet (see {@link FrameFile}).
 */
public final class LiveView implements AutoCloseable {
  /** An unchanged summary is printed again after this long without a line. */
  static final long HEARTBEAT_NANOS = 5_000_000_000L;

  private final PrintStream out;
  private final Terminal terminal;
  private final OutputStream screen;
  private final Repaint repaint = new Repaint();
  private final HeldOutput held;
  private final FrameFile frameFile;
  private final LongSupplier nanoTime;
  private final Thread restoreOnExit;
  private Size lastSize = new Size(80, 23);
  private String lastLine;
  private long lastLineAt;
  private boolean closed;

  private LiveView(
      PrintStream out,
      Terminal terminal,
      OutputStream screen,
      FrameFile frameFile,
      LongSupplier nanos) {
    this.out = out;
    this.terminal = terminal;
    this.screen = screen;
    this.frameFile = frameFile;
    this.nanoTime = nanos;
    if (terminal != null) {
      // Ctrl+C and kill end the JVM without leaving the loop: give the cursor back on the way out.
      // The hook first: if the JVM is already shutting down it throws, and nothing is held.
      restoreOnExit = new Thread(this::close, "live-view-restore");
      Runtime.getRuntime().addShutdownHook(restoreOnExit);
      held = HeldOutput.hold();
    } else {
      held = null;
      restoreOnExit = null;
    }
  }

  /** A view on standard output, interactive when it is a terminal. */
  public static LiveView open() {
    return open(System.out, Console.interactive());
  }

  /** A view that always prints plain lines to {@code out}. */
  public static LiveView plain(PrintStream out) {
    return plain(out, System::nanoTime);
  }

  static LiveView plain(PrintStream out, LongSupplier nanoTime) {
    return new LiveView(out, null, null, null, nanoTime);
  }

  /**
   * A view on {@code terminal} that writes its bytes to {@code screen} itself (tests give both over
   * in-memory streams). Not through JLine's writer: JLine closes its terminal from a shutdown hook
   * of its own, which on Ctrl+C races the hook that draws the last frame and gives the cursor back.
   */
  static LiveView on(Terminal terminal, OutputStream screen) {
    return new LiveView(
        System.out, terminal, screen, FrameFile.fromEnvironment(), System::nanoTime);
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
      return on(t, new FileOutputStream(FileDescriptor.out));
    } catch (IOException | IllegalStateException | IOError e) {
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

  /**
   * The room a frame has: the terminal's columns, and its rows less the one the cursor waits on;
   * for plain output 100 columns and as many rows as the frame needs.
   */
  public Size size() {
    if (terminal == null) {
      return Size.tall(100);
    }
    try {
      org.jline.terminal.Size s = terminal.getSize();
      if (s.getColumns() > 0 && s.getRows() > 0) {
        lastSize = new Size(s.getColumns(), Math.max(1, s.getRows() - 1));
      }
    } catch (RuntimeException | IOError e) {
      // JLine asks `stty` for the size, and Ctrl+C kills that child too (IOError): keep drawing
      // at the last size while the JVM shuts down.
    }
    return lastSize;
  }

  /** Shows a frame: redraws the screen, or prints the frame's line. */
  public synchronized void show(Frame frame) {
    if (closed) {
      return;
    }
    if (terminal == null) {
      printLine(frame.line());
      return;
    }
    Size size = size();
    List<String> lines = Canvas.fit(frame.screen(), size);
    if (frameFile != null) {
      frameFile.write(frame, lines, size, false);
    }
    write(repaint.next(lines, size.columns(), size.rows() + 1));
    if (frameFile != null) {
      frameFile.write(frame, lines, size, true);
    }
  }

  private void printLine(String line) {
    long now = nanoTime.getAsLong();
    if (line.equals(lastLine) && now - lastLineAt < HEARTBEAT_NANOS) {
      return;
    }
    lastLine = line;
    lastLineAt = now;
    out.println(line);
    out.flush();
  }

  /** Leaves the last frame on screen, gives the cursor back and prints what was held. */
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
      write(repaint.end());
      terminal.close(); // restores the terminal modes JLine saved when it opened
    } catch (IOException | RuntimeException e) {
      // The terminal is going away with us.
    } finally {
      if (held != null) {
        held.release();
      }
      if (frameFile != null) {
        frameFile.closed();
      }
    }
  }

  private void write(String text) {
    try {
      screen.write(text.getBytes(terminal.encoding()));
      screen.flush();
    } catch (IOException e) {
      // The terminal went away (its window closed): nothing left to draw on.
    }
  }
}
