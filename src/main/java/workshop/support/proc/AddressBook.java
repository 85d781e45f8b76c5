package workshop.support.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where each workshop server of one checkout listens, by name: one small file per server under
 * {@code <state>/servers/}, named after its PID and port and holding {@code pid start-instant name
 * url}. A server writes its own once it is bound, whoever started it (up, the registry, a student
 * in a terminal of their own), so {@code ./workshop net} and {@code ./workshop pause} reach every
 * server by the name {@code up} gives it. Files of processes that ended are skipped and removed, as
 * {@link ProcessRecords} does; a PID recycled by another process is not taken for the server.
 */
public final class AddressBook {
  private final Path state;

  public AddressBook(Path state) {
    this.state = state.toAbsolutePath().normalize();
  }

  /** The book of {@link ProcessRecords#stateOfThisCheckout()}. */
  public static AddressBook forThisCheckout() {
    return new AddressBook(ProcessRecords.stateOfThisCheckout());
  }

  public Path dir() {
    return state.resolve("servers");
  }

  /** One server: its process, its name and its base URL ({@code http://127.0.0.1:5001}). */
  public record Entry(long pid, Instant started, String name, String url) {
    String line() {
      return pid + " " + (started == null ? "-" : started.toString()) + " " + name + " " + url;
    }

    static Optional<Entry> parse(String line) {
      String[] parts = line.trim().split(" ");
      if (parts.length != 4) {
        return Optional.empty();
      }
      try {
        Instant started = "-".equals(parts[1]) ? null : Instant.parse(parts[1]);
        return Optional.of(new Entry(Long.parseLong(parts[0]), started, parts[2], parts[3]));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }

    /** "host:port" of {@link #url()}. */
    public String address() {
      return url.replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", "");
    }

    /** The live process, if it is still the one that wrote this entry. */
    public Optional<ProcessHandle> live() {
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              h -> started == null || h.info().startInstant().map(started::equals).orElse(true));
    }
  }

  /**
   * Writes this process's server {@code name} at {@code url}; returns the file, to {@link #remove}
   * when the server stops before its process does.
   */
  public Path add(String name, String url) {
    if (name.isBlank() || name.contains(" ") || url.contains(" ")) {
      throw new IllegalArgumentException("a server's name and URL have no spaces: " + name);
    }
    ProcessHandle self = ProcessHandle.current();
    Entry entry = new Entry(self.pid(), self.info().startInstant().orElse(null), name, url);
    String port = url.replaceFirst("^.*:", "").replaceFirst("/.*$", "");
    Path file = dir().resolve(self.pid() + "-" + port + ".server");
    try {
      Files.createDirectories(dir());
      Path tmp = dir().resolve(self.pid() + "-" + port + ".tmp");
      Files.writeString(tmp, entry.line() + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + "'s address to " + dir(), e);
    }
    return file;
  }

  public void remove(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Left behind: live() skips it once its process is gone.
    }
  }

  /** The servers whose process still runs, oldest first; forgets the others. */
  public List<Entry> live() {
    List<Entry> live = new ArrayList<>();
    if (!Files.isDirectory(dir())) {
      return live;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir(), "*.server")) {
      for (Path f : files) {
        Optional<Entry> entry;
        try {
          entry =
              Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                  .findFirst()
                  .flatMap(Entry::parse);
        } catch (IOException e) {
          continue; // removed while we listed it
        }
        if (entry.isPresent() && entry.get().live().isPresent()) {
          live.add(entry.get());
        } else {
          remove(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir(), e);
    }
    live.sort(
        Comparator.comparing((Entry e) -> e.started() == null ? Instant.EPOCH : e.started())
            .thenComparing(Entry::pid)
            .thenComparing(Entry::name));
    return live;
  }
}
