package workshop.support.proc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A workshop process started by a {@link Supervisor}: its name, its PID, and the last lines it
 * printed (kept so a failed check can show why).
 */
public final class ChildProcess {
  private static final int KEPT_LINES = 200;

  private final String name;
  private final Process process;
  private final Deque<String> recent = new ArrayDeque<>();

  ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** The exit code, or -1 while it runs. */
  public int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** The last lines it printed, oldest first. */
  public synchronized List<String> recentOutput() {
    return List.copyOf(recent);
  }

  synchronized void remember(String line) {
    if (recent.size() == KEPT_LINES) {
      recent.removeFirst();
    }
    recent.addLast(line);
  }

  /** Asks it to stop (SIGTERM: shutdown hooks run), then forces it after {@code grace}. */
  public void stop(Duration grace) {
    Processes.stop(process.toHandle(), grace);
  }

  /** Ends it at once (SIGKILL): a crash, as a student would cause with kill -9. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
