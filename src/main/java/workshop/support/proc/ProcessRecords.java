package workshop.support.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The record of every process the toolkit started in one checkout, whoever started it ({@code up},
 * {@code restart}, the registry's restart and scale-up): one small file per process under {@code
 * <state>/pids/}, named after its PID and holding {@code pid start-instant name}. One file per
 * process means several JVMs can record and forget at once without a lock. {@code ./workshop down}
 * stops every recorded process, and only while its PID still belongs to the process recorded (same
 * start instant), so a recycled PID is never killed.
 *
 * <p>Where: {@link #dir()} of the {@link #forThisCheckout() checkout's state}, unless a parent
 * process handed its own down ({@code WORKSHOP_STATE}, which {@link Supervisor} sets on the
 * processes it starts): so the nodes a registry starts are recorded where the registry's own
 * starter looks, and {@code verify} keeps its processes apart from a class's {@code up}.
 */
public final class ProcessRecords {
  /** The environment variable naming the state folder a process records its children in. */
  public static final String STATE_ENV = "WORKSHOP_STATE";

  private final Path state;

  /** Records kept under {@code state/pids}. */
  public ProcessRecords(Path state) {
    this.state = state.toAbsolutePath().normalize();
  }

  /**
   * The checkout's state folder: {@code WORKSHOP_STATE} when set, else {@code .workshop} in the
   * folder of {@code ./workshop} (the {@code workshop.home} property the launcher sets), else in
   * the current folder.
   */
  public static Path stateOfThisCheckout() {
    String env = System.getenv(STATE_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    String home = System.getProperty("workshop.home");
    return Path.of(home != null ? home : ".").toAbsolutePath().normalize().resolve(".workshop");
  }

  /** The records of {@link #stateOfThisCheckout()}. */
  public static ProcessRecords forThisCheckout() {
    return new ProcessRecords(stateOfThisCheckout());
  }

  /** The state folder (children are told it through {@code WORKSHOP_STATE}). */
  public Path state() {
    return state;
  }

  public Path dir() {
    return state.resolve("pids");
  }

  /** One recorded process. */
  public record Entry(long pid, Instant started, String name) {
    String line() {
      return pid + " " + (started == null ? "-" : started.toString()) + " " + name;
    }

    static Optional<Entry> parse(String line) {
      String[] parts = line.trim().split(" ", 3);
      if (parts.length < 3 || parts[2].isBlank()) {
        return Optional.empty();
      }
      try {
        Instant started = "-".equals(parts[1]) ? null : Instant.parse(parts[1]);
        return Optional.of(new Entry(Long.parseLong(parts[0]), started, parts[2]));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }

    /** The live process this entry names, if it is still the same process. */
    public Optional<ProcessHandle> live() {
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              h -> started == null || h.info().startInstant().map(started::equals).orElse(true));
    }
  }

  /** Records a process under {@code name}. */
  public void add(ProcessHandle handle, String name) {
    Entry entry = new Entry(handle.pid(), handle.info().startInstant().orElse(null), name);
    try {
      Files.createDirectories(dir());
      Path tmp = dir().resolve(handle.pid() + ".tmp");
      Files.writeString(tmp, entry.line() + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file(handle.pid()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record " + name + " in " + dir(), e);
    }
  }

  /** Forgets a process (it ended, or was stopped). */
  public void remove(long pid) {
    try {
      Files.deleteIfExists(file(pid));
    } catch (IOException e) {
      // Left behind: read() skips it once the process is gone.
    }
  }

  /** Every recorded entry, oldest first; none when nothing was recorded. */
  public List<Entry> read() {
    List<Entry> entries = new ArrayList<>();
    if (!Files.isDirectory(dir())) {
      return entries;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir(), "*.pid")) {
      for (Path f : files) {
        try {
          Files.readAllLines(f, StandardCharsets.UTF_8).stream()
              .findFirst()
              .flatMap(Entry::parse)
              .ifPresent(entries::add);
        } catch (IOException e) {
          // Removed while we listed it: that process is gone.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir(), e);
    }
    entries.sort(
        Comparator.comparing((Entry e) -> e.started() == null ? Instant.EPOCH : e.started())
            .thenComparing(Entry::pid));
    return entries;
  }

  /** The recorded entries whose process still runs; forgets the others. */
  public List<Entry> live() {
    List<Entry> live = new ArrayList<>();
    for (Entry e : read()) {
      if (e.live().isPresent()) {
        live.add(e);
      } else {
        remove(e.pid());
      }
    }
    return live;
  }

  /** A live entry named {@code name}, the newest if several. */
  public Optional<Entry> find(String name) {
    List<Entry> named = live().stream().filter(e -> e.name().equals(name)).toList();
    return named.isEmpty() ? Optional.empty() : Optional.of(named.get(named.size() - 1));
  }

  /**
   * Stops every recorded process that is still the one recorded, all at once (SIGTERM, then SIGKILL
   * after {@code grace}), except the calling process itself; returns what was stopped and forgets
   * it.
   */
  public List<Entry> stopAll(Duration grace) {
    long self = ProcessHandle.current().pid();
    List<Entry> live = live().stream().filter(e -> e.pid() != self).toList();
    List<Thread> stoppers = new ArrayList<>();
    for (Entry e : live) {
      e.live()
          .ifPresent(h -> stoppers.add(Thread.ofVirtual().start(() -> Processes.stop(h, grace))));
    }
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
    live.forEach(e -> remove(e.pid()));
    return live;
  }

  private Path file(long pid) {
    return dir().resolve(pid + ".pid");
  }
}
