package workshop.support.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Which process listens on a TCP port, so an error can say "port 5000 is in use by pid 512
 * (ControlCenter)" instead of only "in use". Linux: the kernel's socket tables ({@code
 * /proc/net/tcp}, {@code tcp6}) give the listening socket's inode, and {@code /proc/<pid>/fd} the
 * process holding it (only this user's processes are visible). Elsewhere: {@code lsof} (macOS, BSD)
 * or {@code netstat -ano} (Windows). Best effort: empty when it cannot tell.
 *
 * <p>The parsers are pure and public for tests; {@link #find} does the reading.
 */
public final class PortHolders {
  /** A process holding a port: its PID and command line (empty when not visible). */
  public record Holder(long pid, String command) {
    /** {@code pid 512 (ControlCenter)}, or {@code pid 512} when its command is not visible. */
    public String describe() {
      return command.isBlank() ? "pid " + pid : "pid " + pid + " (" + command + ")";
    }
  }

  private PortHolders() {}

  /** The process listening on {@code port}, if this machine lets us see it. */
  public static Optional<Holder> find(int port) {
    try {
      Optional<Long> pid =
          Files.isReadable(Path.of("/proc/net/tcp")) ? fromProc(port) : fromTools(port);
      return pid.map(p -> new Holder(p, commandOf(p)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The inodes of the sockets listening on {@code port} in a {@code /proc/net/tcp} or {@code tcp6}
   * table: lines whose local port (hex, after the colon) matches and whose state is 0A (LISTEN).
   */
  public static Set<String> listeningInodes(String table, int port) {
    Set<String> inodes = new HashSet<>();
    for (String line : table.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10 || !f[0].endsWith(":")) {
        continue;
      }
      int colon = f[1].lastIndexOf(':');
      if (colon < 0 || !"0A".equals(f[3])) {
        continue;
      }
      try {
        if (Integer.parseInt(f[1].substring(colon + 1), 16) == port) {
          inodes.add(f[9]);
        }
      } catch (NumberFormatException e) {
        // not a table line
      }
    }
    return inodes;
  }

  /** The PID in {@code lsof -Fp} output: the first line {@code p<digits>}. */
  public static Optional<Long> pidFromLsof(String output) {
    for (String line : output.split("\n")) {
      if (line.matches("p\\d+")) {
        return Optional.of(Long.parseLong(line.substring(1)));
      }
    }
    return Optional.empty();
  }

  /** The PID in {@code netstat -ano} output listening on {@code port} (Windows' columns). */
  public static Optional<Long> pidFromNetstat(String output, int port) {
    for (String line : output.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 5
          && f[0].equalsIgnoreCase("TCP")
          && f[1].endsWith(":" + port)
          && f[3].equalsIgnoreCase("LISTENING")
          && f[4].matches("\\d+")) {
        return Optional.of(Long.parseLong(f[4]));
      }
    }
    return Optional.empty();
  }

  private static Optional<Long> fromProc(int port) throws IOException {
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path p = Path.of(table);
      if (Files.isReadable(p)) {
        inodes.addAll(listeningInodes(Files.readString(p, StandardCharsets.US_ASCII), port));
      }
    }
    inodes.remove("0");
    if (inodes.isEmpty()) {
      return Optional.empty();
    }
    Set<String> targets = new HashSet<>();
    inodes.forEach(i -> targets.add("socket:[" + i + "]"));
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        if (holds(proc.resolve("fd"), targets)) {
          return Optional.of(Long.parseLong(proc.getFileName().toString()));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean holds(Path fds, Set<String> targets) {
    try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
      for (Path fd : links) {
        try {
          if (targets.contains(Files.readSymbolicLink(fd).toString())) {
            return true;
          }
        } catch (IOException | UnsupportedOperationException e) {
          // closed meanwhile
        }
      }
    } catch (IOException | SecurityException e) {
      // another user's process, or gone
    }
    return false;
  }

  private static Optional<Long> fromTools(int port) {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    if (windows) {
      return run(List.of("netstat", "-ano", "-p", "TCP")).flatMap(o -> pidFromNetstat(o, port));
    }
    return run(List.of("lsof", "-nP", "-iTCP:" + port, "-sTCP:LISTEN", "-Fp"))
        .flatMap(PortHolders::pidFromLsof);
  }

  private static Optional<String> run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(3, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return Optional.of(new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static String commandOf(long pid) {
    Optional<ProcessHandle.Info> info = ProcessHandle.of(pid).map(ProcessHandle::info);
    String line =
        info.flatMap(ProcessHandle.Info::commandLine)
            .or(() -> info.flatMap(ProcessHandle.Info::command))
            .orElse("");
    return shortCommand(line);
  }

  /**
   * A command line as a student would recognise it: a workshop JVM as {@code ./workshop node --port
   * 5001 ...} (its JVM flags dropped), anything else as is, cut at 120 characters.
   */
  public static String shortCommand(String line) {
    List<String> words = new ArrayList<>(List.of(line.trim().split("\\s+")));
    int main = words.indexOf("workshop.Main");
    int jar = words.indexOf("-jar");
    if (main < 0
        && jar >= 0
        && jar + 1 < words.size()
        && words.get(jar + 1).endsWith("workshop.jar")) {
      main = jar + 1;
    }
    if (main >= 0) {
      return "./workshop " + String.join(" ", words.subList(main + 1, words.size()));
    }
    return line.length() > 120 ? line.substring(0, 117) + "..." : line;
  }
}
