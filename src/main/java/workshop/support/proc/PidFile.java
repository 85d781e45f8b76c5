package workshop.support.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The record of what {@code workshop up} started: one line per process, {@code pid start-instant
 * name}. {@code workshop down} stops exactly these, and only while the PID still belongs to the
 * process that was started (same start instant), so a recycled PID is never killed.
 */
public final class PidFile {
  private final Path path;

  public PidFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  /** One recorded process. */
  public record Entry(long pid, Instant started, String name) {
    String line() {
      return pid + " " + (started == null ? "-" : started.toString()) + " " + name;
    }

    static Optional<Entry> parse(String line) {
      String[] parts = line.trim().split(" ", 3);
      if (parts.length < 3) {
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

  synchronized void add(ProcessHandle handle, String name) {
    Entry entry = new Entry(handle.pid(), handle.info().startInstant().orElse(null), name);
    List<Entry> entries = new ArrayList<>(read());
    entries.add(entry);
    write(entries);
  }

  synchronized void remove(long pid) {
    write(read().stream().filter(e -> e.pid != pid).toList());
  }

  /** The recorded entries; none when the file is absent. */
  public synchronized List<Entry> read() {
    if (!Files.exists(path)) {
      return List.of();
    }
    try {
      return Files.readAllLines(path, StandardCharsets.UTF_8).stream()
          .map(Entry::parse)
          .flatMap(Optional::stream)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Stops every recorded process that is still the one recorded; returns what was stopped. */
  public synchronized List<Entry> stopAll(Duration grace) {
    List<Entry> stopped = new ArrayList<>();
    for (Entry e : read()) {
      Optional<ProcessHandle> live = e.live();
      if (live.isPresent()) {
        Processes.stop(live.get(), grace);
        stopped.add(e);
      }
    }
    write(List.of());
    return stopped;
  }

  private void write(List<Entry> entries) {
    try {
      if (entries.isEmpty()) {
        Files.deleteIfExists(path);
        return;
      }
      Files.createDirectories(path.getParent());
      Files.write(path, entries.stream().map(Entry::line).toList(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}
