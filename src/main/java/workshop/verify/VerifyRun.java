package workshop.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.proc.ChildProcess;
import workshop.support.proc.ProcessRecords;
import workshop.support.proc.Supervisor;

/**
 * What a {@link ModuleCheck} works with: free ports, real workshop processes (stopped when the run
 * ends), an HTTP client, and the checkpoint list, printed one line per checkpoint as it happens.
 */
public final class VerifyRun implements AutoCloseable {
  private final String module;
  private final PrintStream out;
  private final ProcessRecords records = new ProcessRecords(scratch());

  /**
   * Its processes, recorded in a folder of its own: what they start (the nodes a registry starts,
   * which outlive it) is recorded there too and stopped when the run ends, and a class's {@code
   * ./workshop down} never sees them.
   */
  private final Supervisor supervisor = new Supervisor(null, records, true);

  private final WebClient http = WebClient.builder().timeout(Duration.ofSeconds(10)).build();
  private final List<Checkpoint> results = new ArrayList<>();
  private final Set<Integer> portsGiven = new HashSet<>();

  public VerifyRun(String module, PrintStream out) {
    this.module = module;
    this.out = out;
  }

  public String module() {
    return module;
  }

  /**
   * A port nothing listens on right now and that this run has not handed out before: the system may
   * offer a port again once its probe socket is closed, and two processes of one check given the
   * same port would collide before either started.
   */
  public int freePort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket s = new ServerSocket(0)) {
        s.setReuseAddress(true);
        if (portsGiven.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      } catch (IOException e) {
        throw new VerifyAborted("no free port: " + e.getMessage());
      }
    }
    throw new VerifyAborted("no free port: the system kept offering ports this check already uses");
  }

  /** Starts {@code workshop <args>} as a separate process named {@code name}. */
  public ChildProcess start(String name, String... args) {
    return supervisor.start(name, Arrays.asList(args));
  }

  /** What a workshop command run to its end printed, and its exit code. */
  public record Ran(int exitCode, List<String> output) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** Its output on one line, for a checkpoint's "observed". */
    public String oneLine() {
      return String.join(" / ", output);
    }
  }

  /**
   * Runs {@code workshop <args>} as a student would in another terminal, in this run's folder (so
   * {@code net} and {@code pause} find this run's servers), and waits for it to end.
   */
  public Ran command(Duration limit, String... args) {
    ChildProcess c = start(args[0], args);
    try {
      if (!c.handle()
          .onExit()
          .get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .isAlive()) {
        supervisor.awaitOutput(c, Duration.ofSeconds(2));
      }
    } catch (java.util.concurrent.TimeoutException e) {
      c.kill();
      throw new VerifyAborted(
          "./workshop "
              + String.join(" ", args)
              + " did not end within "
              + limit.toSeconds()
              + " s");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new VerifyAborted("./workshop " + String.join(" ", args) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VerifyAborted("interrupted");
    }
    return new Ran(c.exitCode(), c.recentOutput());
  }

  /**
   * How long a started process may take to answer {@code /health}: a bound on liveness, not a
   * timing check. A JVM that starts in under a second on a quiet laptop took over 20 s when four
   * started at once on two busy cores; a process that does not start at all fails at once instead
   * (it exits, and its output is shown).
   */
  public static final Duration STARTUP = Duration.ofSeconds(60);

  /** Waits until {@code baseUrl + "/health"} answers 200, or fails with the process's output. */
  public void awaitHealthy(ChildProcess process, String baseUrl, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.alive()) {
        throw new VerifyAborted(
            process.name()
                + " exited with code "
                + process.exitCode()
                + ": "
                + String.join(" / ", process.recentOutput()));
      }
      try {
        ClientResponse r = http.get(baseUrl + "/health", Duration.ofMillis(500));
        if (r.status() == 200) {
          return;
        }
      } catch (CallFailure e) {
        // Not up yet.
      }
      pause(Duration.ofMillis(50));
    }
    throw new VerifyAborted(
        process.name()
            + " did not answer "
            + baseUrl
            + "/health within "
            + timeout.toSeconds()
            + " s");
  }

  public WebClient http() {
    return http;
  }

  /** A folder of this run's own (for files its processes serve), deleted when the run ends. */
  public java.nio.file.Path folder() {
    return records.state();
  }

  /** Prints what the next checks are about. */
  public void step(String text) {
    out.println("  " + text);
    out.flush();
  }

  /** Records and prints one checkpoint; returns whether it passed. */
  public boolean check(String name, boolean passed, String observed) {
    Checkpoint c = new Checkpoint(module, name, passed, observed);
    results.add(c);
    out.println(c.line());
    out.flush();
    return passed;
  }

  public List<Checkpoint> results() {
    return List.copyOf(results);
  }

  public boolean allPassed() {
    return !results.isEmpty() && results.stream().allMatch(Checkpoint::passed);
  }

  /** Stops a process started by this run as a crash would (SIGKILL). */
  public void kill(ChildProcess process) {
    process.kill();
  }

  @Override
  public void close() {
    supervisor.stopAll(Duration.ofSeconds(3));
    records.stopAll(Duration.ofSeconds(3));
    http.close();
    try (var files = java.nio.file.Files.walk(records.state())) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind.
    }
  }

  private static java.nio.file.Path scratch() {
    try {
      return java.nio.file.Files.createTempDirectory("workshop-verify-");
    } catch (IOException e) {
      throw new VerifyAborted("no temporary folder for the run's processes: " + e.getMessage());
    }
  }

  public static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VerifyAborted("interrupted");
    }
  }
}
