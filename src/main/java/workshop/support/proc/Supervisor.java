package workshop.support.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts workshop processes, prefixes each line they print with their name, and stops exactly the
 * processes it started, by PID. Output is always drained, so a chatty child never blocks on a full
 * pipe.
 */
public final class Supervisor implements AutoCloseable {
  private final PrintStream out;
  private final PidFile pidFile;
  private final boolean exitWithParent;
  private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
  private int widestName = 6;

  /**
   * @param out where prefixed output goes, or null to keep it only in {@link
   *     ChildProcess#recentOutput()}
   * @param pidFile where PIDs are recorded for {@code workshop down}, or null
   */
  public Supervisor(PrintStream out, PidFile pidFile, boolean exitWithParent) {
    this.out = out;
    this.pidFile = pidFile;
    this.exitWithParent = exitWithParent;
  }

  /** Starts {@code workshop <args>} in a new JVM named {@code name}. */
  public ChildProcess start(String name, List<String> args) {
    List<String> command = Processes.workshopCommand(args, exitWithParent);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("WORKSHOP_PLAIN", "1");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
    }
    ChildProcess child = new ChildProcess(name, process);
    children.add(child);
    synchronized (this) {
      widestName = Math.max(widestName, name.length());
    }
    if (pidFile != null) {
      pidFile.add(child.handle(), name);
    }
    Thread.ofVirtual().name("out-" + name).start(() -> drain(child, process));
    return child;
  }

  public List<ChildProcess> children() {
    return new ArrayList<>(children);
  }

  /** Stops every child still running: SIGTERM, then SIGKILL after the grace period. */
  public void stopAll(Duration grace) {
    List<Thread> stoppers = new ArrayList<>();
    for (ChildProcess child : children) {
      stoppers.add(Thread.ofVirtual().start(() -> child.stop(grace)));
    }
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (pidFile != null) {
      for (ChildProcess child : children) {
        pidFile.remove(child.pid());
      }
    }
  }

  @Override
  public void close() {
    stopAll(Duration.ofSeconds(3));
  }

  private void drain(ChildProcess child, Process process) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        child.remember(line);
        if (out != null) {
          String prefix = String.format("%-" + widestName + "s | ", child.name());
          synchronized (out) {
            out.println(prefix + line);
            out.flush();
          }
        }
      }
    } catch (IOException e) {
      // The child ended; its pipe closed.
    }
  }
}
