package workshop.support.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts workshop processes, prefixes each line they print with their name, and stops exactly the
 * processes it started, by PID. Output is always drained, so a chatty child never blocks on a full
 * pipe. With {@link ProcessRecords}, each child is recorded while it runs (so {@code ./workshop
 * down} finds it even after this JVM is gone) and is told the same records through {@code
 * WORKSHOP_STATE}, so whatever it starts in turn is recorded there too.
 */
public final class Supervisor implements AutoCloseable {
  private final PrintStream out;
  private final ProcessRecords records;
  private final boolean exitWithParent;
  private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
  private final Map<Long, Thread> drains = new ConcurrentHashMap<>();
  private int widestName = 6;

  /**
   * @param out where prefixed output goes, or null to keep it only in {@link
   *     ChildProcess#recentOutput()}
   * @param records where children are recorded for {@code workshop down}, or null
   * @param exitWithParent whether children end when this JVM does (false: they outlive it, as the
   *     nodes a registry starts outlive the registry, and ignore the Ctrl+C meant for it)
   */
  public Supervisor(PrintStream out, ProcessRecords records, boolean exitWithParent) {
    this.out = out;
    this.records = records;
    this.exitWithParent = exitWithParent;
  }

  /** Starts {@code workshop <args>} in a new JVM named {@code name}. */
  public ChildProcess start(String name, List<String> args) {
    return start(name, args, Map.of());
  }

  /**
   * Starts {@code workshop <args>} in a new JVM named {@code name}, with {@code env} added to the
   * environment it inherits (a registry hands the nodes it starts its token this way).
   */
  public ChildProcess start(String name, List<String> args, Map<String, String> env) {
    List<String> command = Processes.workshopCommand(args, exitWithParent);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("WORKSHOP_PLAIN", "1");
    // The child's name for ./workshop net and pause (read by the fault layer as WORKSHOP_NAME).
    builder.environment().put("WORKSHOP_NAME", name);
    if (records != null) {
      builder.environment().put(ProcessRecords.STATE_ENV, records.state().toString());
    }
    if (exitWithParent) {
      builder.environment().remove(Processes.DETACHED_ENV);
    } else {
      builder.environment().put(Processes.DETACHED_ENV, "1");
    }
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
    if (records != null) {
      records.add(child.handle(), name);
      process.onExit().thenRun(() -> records.remove(child.pid()));
    }
    drains.put(
        child.pid(), Thread.ofVirtual().name("out-" + name).start(() -> drain(child, process)));
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
    if (records != null) {
      for (ChildProcess child : children) {
        records.remove(child.pid());
      }
    }
    for (ChildProcess child : children) {
      awaitOutput(child, Duration.ofMillis(500));
    }
  }

  /**
   * Waits up to {@code limit} until everything an ended child printed has been passed on, so a
   * message printed after it ("stopped because ...") comes last.
   */
  public void awaitOutput(ChildProcess child, Duration limit) {
    Thread drain = drains.get(child.pid());
    if (drain == null) {
      return;
    }
    try {
      drain.join(limit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops one child (SIGTERM, then SIGKILL after {@code grace}) and forgets its record. */
  public void stop(ChildProcess child, Duration grace) {
    child.stop(grace);
    if (records != null) {
      records.remove(child.pid());
    }
    awaitOutput(child, Duration.ofMillis(500));
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
