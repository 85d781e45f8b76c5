package workshop.support.proc;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** How to start another workshop JVM like this one, and how to stop a process by PID. */
public final class Processes {
  /** Set on children so they exit when the process that started them does. */
  public static final String EXIT_WITH_PARENT = "workshop.exitWithParent";

  /**
   * Set (to 1) in the environment of children that outlive their parent: they ignore Ctrl+C
   * (SIGINT), which a terminal sends to every process it started, so stopping a registry with
   * Ctrl+C does not stop the nodes it started. SIGTERM ({@code down}, {@code stop}) still does.
   */
  public static final String DETACHED_ENV = "WORKSHOP_DETACHED";

  private Processes() {}

  /**
   * The command line that runs {@code workshop <args>} in a new JVM: the same java binary, the same
   * class path and the same memory and system-property flags (but no debugging or coverage agents).
   */
  public static List<String> workshopCommand(List<String> args, boolean exitWithParent) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("-X") || flag.startsWith("-D") && !flag.startsWith("-Dworkshop.")) {
        if (!flag.startsWith("-Xrun") && !flag.startsWith("-Xdebug")) {
          cmd.add(flag);
        }
      }
    }
    if (exitWithParent) {
      cmd.add("-D" + EXIT_WITH_PARENT + "=true");
    }
    String home = System.getProperty("workshop.home");
    if (home != null) {
      cmd.add("-Dworkshop.home=" + home);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("workshop.Main");
    cmd.addAll(args);
    return cmd;
  }

  static String javaBinary() {
    Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
    return Files.isExecutable(java)
        ? java.toString()
        : ProcessHandle.current().info().command().orElse("java");
  }

  /** When started with {@link #EXIT_WITH_PARENT}, ends this JVM when its parent ends. */
  public static void exitWithParentIfAsked() {
    if (!Boolean.getBoolean(EXIT_WITH_PARENT)) {
      return;
    }
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
  }

  /**
   * When started detached ({@link #DETACHED_ENV}), ignores SIGINT. Through reflection, because
   * {@code sun.misc.Signal} is the only way a JVM can ignore a signal and it is not in the API the
   * compiler sees; where it is missing, Ctrl+C stops the process as before.
   */
  public static void ignoreInterruptIfDetached() {
    if (!"1".equals(System.getenv(DETACHED_ENV))) {
      return;
    }
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object ignore = handler.getField("SIG_IGN").get(null);
      Object interrupt = signal.getConstructor(String.class).newInstance("INT");
      signal.getMethod("handle", signal, handler).invoke(null, interrupt, ignore);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not available: Ctrl+C in the parent's terminal stops this process too.
    }
  }

  /**
   * SIGTERM, then SIGKILL after {@code grace} if it still runs. A process stopped by {@code
   * ./workshop pause} (SIGSTOP) holds the SIGTERM until it runs again, so one that has not ended
   * after a moment is sent SIGCONT too, and ends cleanly instead of being killed.
   */
  public static void stop(ProcessHandle handle, Duration grace) {
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    long moment = Math.min(300, grace.toMillis());
    try {
      handle.onExit().get(moment, TimeUnit.MILLISECONDS);
      return;
    } catch (Exception e) {
      if (canFreeze() && handle.isAlive()) {
        try {
          signal(handle.pid(), "CONT");
        } catch (IllegalStateException gone) {
          // It ended meanwhile.
        }
      }
    }
    try {
      handle.onExit().get(grace.toMillis() - moment, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      handle.destroyForcibly();
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // It is being killed; the OS will reap it.
      }
    }
  }

  /**
   * Whether this system can stop a process and let it go on by signal (SIGSTOP, SIGCONT): Linux and
   * macOS can, with their {@code kill}; Windows has no such signals.
   */
  public static boolean canFreeze() {
    return !isWindows()
        && (Files.isExecutable(Path.of("/bin/kill"))
            || Files.isExecutable(Path.of("/usr/bin/kill")));
  }

  /**
   * Sends {@code SIG<name>} ({@code STOP}, {@code CONT}) to a process with the system's {@code
   * kill}, which any user may send to their own processes.
   *
   * @throws IllegalStateException when it could not be sent, with kill's own words
   */
  public static void signal(long pid, String name) {
    String kill = Files.isExecutable(Path.of("/bin/kill")) ? "/bin/kill" : "/usr/bin/kill";
    try {
      Process p =
          new ProcessBuilder(kill, "-" + name, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      String said = new String(p.getInputStream().readAllBytes()).strip();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "kill -" + name + " " + pid + " failed" + (said.isEmpty() ? "" : ": " + said));
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot run " + kill + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + name + " to " + pid, e);
    }
  }

  static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase().contains("win");
  }
}
