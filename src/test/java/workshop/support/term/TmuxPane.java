package workshop.support.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ./workshop} command running in a real terminal: a tmux pane on a private tmux server,
 * with the live view's test hook ({@code WORKSHOP_FRAME_FILE}) telling which frame it drew.
 *
 * <p>The pane runs a small script: it records the terminal modes ({@code stty -g}), runs the
 * command, records its exit code and the modes again, then sleeps so the pane (and what the command
 * left on it) stays for the test to read. A trap keeps the script alive through the Ctrl+C meant
 * for the command.
 *
 * <p>To compare the screen with a frame, the command is frozen with SIGSTOP, the pane read until
 * two reads agree (tmux has drawn all it was sent), and the frame file read: only a frame marked
 * "drawn" must be on screen (one marked "drawing" may be half-written; then the command runs on a
 * moment and the test looks again).
 */
public final class TmuxPane implements AutoCloseable {
  /** Frames to wait for after each change, so the screen has been redrawn several times. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Path socket;
  private final String session;
  private final Path dir;
  private final Path frameFile;

  /** One frame file as the view wrote it. */
  public record Drawn(
      String state, long count, String size, long pid, boolean fitted, List<String> lines) {}

  private TmuxPane(Path socket, String session, Path dir) {
    this.socket = socket;
    this.session = session;
    this.dir = dir;
    this.frameFile = dir.resolve("frame.txt");
  }

  /** Whether a usable tmux is on the PATH. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Starts {@code workshop <args>} in a new pane of {@code columns} x {@code rows} on the tmux
   * server listening on {@code socket} (started on first use, with no user configuration).
   */
  public static TmuxPane start(
      Path socket, String session, int columns, int rows, List<String> args) throws IOException {
    Path dir = Files.createTempDirectory("live-view-" + session);
    TmuxPane pane = new TmuxPane(socket, session, dir);
    Path script = dir.resolve("run.sh");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Start fast: these JVMs only draw and poll.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "workshop.Main"));
    command.addAll(args);
    String text =
        "#!/bin/bash\n"
            + "trap 'true' INT\n"
            + "cd "
            + quote(dir.toString())
            + "\n"
            + "stty -g > stty.before\n"
            + "export TERM=tmux-256color WORKSHOP_FRAME_FILE="
            + quote(pane.frameFile.toString())
            + "\n"
            + String.join(" ", command.stream().map(TmuxPane::quote).toList())
            + "\n"
            + "echo $? > rc\n"
            + "stty -g > stty.after\n"
            + "exec sleep 600\n";
    Files.writeString(script, text, StandardCharsets.UTF_8);
    pane.tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        Integer.toString(columns),
        "-y",
        Integer.toString(rows),
        "bash " + quote(script.toString()));
    return pane;
  }

  /** Resizes the pane (its window) as a user dragging the terminal's corner would. */
  public void resize(int columns, int rows) {
    tmux(
        "resize-window",
        "-t",
        session,
        "-x",
        Integer.toString(columns),
        "-y",
        Integer.toString(rows));
  }

  /** Types keys into the pane, as tmux names them ({@code C-c}). */
  public void keys(String keys) {
    tmux("send-keys", "-t", session, keys);
  }

  /** Sends a signal ({@code TERM}, {@code STOP}, ...) to the view's process. */
  public void signal(String name) {
    long pid = frame().pid();
    if (pid <= 0) {
      // Never "kill 0": that would signal this JVM's whole process group.
      throw new AssertionError("the view has not written its process id yet");
    }
    run(List.of("kill", "-" + name, Long.toString(pid)));
  }

  /** The pane's rows as tmux holds them, trailing blank rows dropped. */
  public List<String> screen() {
    List<String> rows = new ArrayList<>(tmux("capture-pane", "-p", "-t", session).lines().toList());
    while (!rows.isEmpty() && rows.get(rows.size() - 1).isBlank()) {
      rows.remove(rows.size() - 1);
    }
    return rows.stream().map(String::stripTrailing).toList();
  }

  /** Whether the terminal shows its cursor. */
  public boolean cursorVisible() {
    return tmux("display-message", "-p", "-t", session, "#{cursor_flag}").strip().equals("1");
  }

  /** The frame file now; an empty "none" frame before the first one. */
  public Drawn frame() {
    try {
      if (!Files.exists(frameFile)) {
        return new Drawn("none", 0, "", 0, false, List.of());
      }
      List<String> lines = Files.readAllLines(frameFile, StandardCharsets.UTF_8);
      String[] head = lines.get(0).split(" ");
      boolean closed = head[0].equals("closed");
      return new Drawn(
          head[0],
          Long.parseLong(head[1]),
          closed ? "" : head[2],
          Long.parseLong(closed ? head[3] : head[4]),
          !closed && Boolean.parseBoolean(head[6]),
          List.copyOf(lines.subList(1, lines.size())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until the view has drawn {@code more} frames beyond those drawn so far at {@code columns}
   * x {@code rows - 1} (a frame leaves the last row to the cursor).
   */
  public void awaitFrames(int more, int columns, int rows) throws InterruptedException {
    String size = columns + "x" + (rows - 1);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    long start = -1;
    while (System.nanoTime() < deadline) {
      Drawn d = frame();
      if (d.size().equals(size)) {
        if (start < 0) {
          start = d.count();
        } else if (d.count() >= start + more) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no "
            + more
            + " frames at "
            + size
            + " within "
            + PATIENCE
            + "; last: "
            + frame().state()
            + " "
            + frame().size()
            + "; screen:\n"
            + String.join("\n", screen()));
  }

  /**
   * Freezes the view, and checks that the screen shows exactly the frame it last drew, and that the
   * view drew that frame as rendered (nothing cut by the terminal's size).
   *
   * @return the frame compared
   */
  public Drawn assertShowsItsFrame() throws InterruptedException {
    for (int attempt = 0; attempt < 40; attempt++) {
      signal("STOP");
      try {
        List<String> shown = settledScreen();
        Drawn d = frame();
        if (d.state().equals("drawn")) {
          assertThat(shown)
              .as(
                  "the screen at %s (frame %d) against the frame the view rendered",
                  d.size(), d.count())
              .containsExactlyElementsOf(trimmed(d.lines()));
          assertThat(d.fitted()).as("the view's frame fits its terminal").isFalse();
          return d;
        }
      } finally {
        signal("CONT");
      }
      Thread.sleep(20 + attempt * 5L);
    }
    throw new AssertionError("never caught a fully drawn frame in 40 tries");
  }

  /** Waits for the command to end; returns its exit code. */
  public int awaitExit() throws InterruptedException {
    Path rc = dir.resolve("rc");
    Path after = dir.resolve("stty.after");
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(after)) {
        try {
          return Integer.parseInt(Files.readString(rc).strip());
        } catch (IOException | NumberFormatException e) {
          // Being written: look again.
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the command did not end; screen:\n" + String.join("\n", screen()));
  }

  /** The terminal modes before the command ran and after it ended ({@code stty -g}). */
  public List<String> modesBeforeAndAfter() {
    try {
      return List.of(
          Files.readString(dir.resolve("stty.before")).strip(),
          Files.readString(dir.resolve("stty.after")).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The screen once tmux has drawn everything it was sent: two reads 100 ms apart agree. */
  public List<String> settledScreen() throws InterruptedException {
    List<String> previous = screen();
    for (int i = 0; i < 30; i++) {
      Thread.sleep(100);
      List<String> now = screen();
      if (now.equals(previous)) {
        return now;
      }
      previous = now;
    }
    return previous;
  }

  private static List<String> trimmed(List<String> lines) {
    List<String> out = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  @Override
  public void close() {
    try {
      long pid = frame().pid();
      if (pid > 0) {
        run(List.of("kill", "-KILL", Long.toString(pid)));
      }
    } catch (RuntimeException e) {
      // Best effort: killing the session below ends the pane's processes too.
    }
    tmux("kill-session", "-t", session);
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }

  /** Stops the private tmux server and everything still running in it, and removes its socket. */
  public static void killServer(Path socket) {
    run(List.of("tmux", "-S", socket.toString(), "kill-server"));
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // Left in a temporary directory: harmless.
    }
  }

  private String tmux(String... args) {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  private static String run(List<String> cmd) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      // tmux measures characters by the locale: a UTF-8 one, as on a student's machine.
      String utf8 =
          System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac")
              ? "en_US.UTF-8"
              : "C.UTF-8";
      pb.environment().put("LC_ALL", utf8);
      pb.environment().put("LANG", utf8);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd + " did not finish");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
