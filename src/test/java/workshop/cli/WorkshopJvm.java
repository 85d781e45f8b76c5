package workshop.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import workshop.support.proc.ProcessRecords;
import workshop.support.proc.Processes;

/**
 * {@code ./workshop <args>} in a JVM of its own, as a student's terminal would run it, with its
 * state (process records, up's control file) in a test folder, and its output kept line by line.
 * Tests that use it stop what it started by PID in {@code finally}.
 */
public final class WorkshopJvm implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private WorkshopJvm(Process process) {
    this.process = process;
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                  }
                }
              } catch (IOException e) {
                // ended
              }
            });
  }

  /** Starts {@code ./workshop <args>} with {@code state} as its state folder. */
  public static WorkshopJvm start(Path state, String... args) {
    ProcessBuilder b =
        new ProcessBuilder(Processes.workshopCommand(List.of(args), false))
            .redirectErrorStream(true);
    b.environment().put(ProcessRecords.STATE_ENV, state.toString());
    b.environment().put("WORKSHOP_PLAIN", "1");
    b.environment().remove(Processes.DETACHED_ENV);
    try {
      return new WorkshopJvm(b.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code ./workshop <args>} to its end (at most 60 s); returns it, ended. */
  public static WorkshopJvm run(Path state, String... args) throws InterruptedException {
    WorkshopJvm jvm = start(state, args);
    if (!jvm.process.waitFor(60, TimeUnit.SECONDS)) {
      jvm.close();
      throw new AssertionError("./workshop " + String.join(" ", args) + " did not end in 60 s");
    }
    jvm.awaitLine(l -> false, Duration.ofMillis(200)); // let the last lines arrive
    return jvm;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public int exitCode() {
    return process.exitValue();
  }

  public boolean awaitExit(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  public String output() {
    return String.join("\n", lines());
  }

  public String lastLine() {
    List<String> l = lines();
    return l.isEmpty() ? "" : l.get(l.size() - 1);
  }

  /** Waits until a line matches; true when one did within {@code limit}. */
  public boolean awaitLine(Predicate<String> match, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (lines) {
      while (true) {
        if (lines.stream().anyMatch(match)) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lines.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static boolean listens(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
