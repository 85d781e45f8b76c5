package workshop.fault.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import workshop.fault.http.NetWire;
import workshop.support.cli.UserError;
import workshop.support.http.CallFailure;
import workshop.support.http.WebClient;
import workshop.support.proc.AddressBook;
import workshop.support.proc.Processes;

/**
 * The processes {@code ./workshop pause} has paused, one file each under {@code
 * <state>/net/paused/}, and how: {@link How#SIGSTOP} freezes the real process, as {@code kill
 * -STOP} does (Linux, macOS): its threads stop, so it answers nothing, sends nothing and its timers
 * stand still, while its port stays bound and its memory kept; {@link How#INSIDE} asks the process
 * to hold everything itself ({@code POST /fault/pause}), where the system cannot stop it (Windows)
 * or where other servers share its JVM. Either way callers time out, a failure detector declares it
 * dead, and on resume it carries on from where it was, with its old state.
 */
final class Pauses {
  /** How a process was paused. */
  enum How {
    SIGSTOP,
    INSIDE
  }

  /** One paused server. */
  record Paused(String name, long pid, String url, How how, Instant since, Instant until) {
    String line() {
      return String.join(
          " ",
          name,
          Long.toString(pid),
          url,
          how.name(),
          since.toString(),
          until == null ? "-" : until.toString());
    }

    private static final java.time.format.DateTimeFormatter SECONDS =
        java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss", java.util.Locale.ROOT);

    /** How and since when, as {@code net show} says it. */
    String describe() {
      return (how == How.SIGSTOP ? "SIGSTOP to pid " + pid : "held from within (pid " + pid + ")")
          + " since "
          + clock(since)
          + (until == null ? "" : ", until " + clock(until));
    }

    /**
     * An instant as this machine's wall-clock time to the second, as a student reads a clock:
     * always {@code HH:mm:ss} ({@link LocalTime#toString} drops the seconds when they are zero).
     */
    static String clock(Instant at) {
      return LocalTime.ofInstant(at, ZoneId.systemDefault()).format(SECONDS);
    }

    static Optional<Paused> parse(String line) {
      String[] p = line.strip().split(" ");
      if (p.length != 6) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new Paused(
                p[0],
                Long.parseLong(p[1]),
                p[2],
                How.valueOf(p[3]),
                Instant.parse(p[4]),
                "-".equals(p[5]) ? null : Instant.parse(p[5])));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  private final Path dir;

  Pauses(Path state) {
    this.dir = state.toAbsolutePath().normalize().resolve("net").resolve("paused");
  }

  /** The paused servers whose process still runs; forgets the others. */
  List<Paused> list() {
    List<Paused> all = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return all;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.paused")) {
      for (Path f : files) {
        Optional<Paused> p;
        try {
          p =
              Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                  .findFirst()
                  .flatMap(Paused::parse);
        } catch (IOException e) {
          continue;
        }
        if (p.isPresent()
            && ProcessHandle.of(p.get().pid()).map(ProcessHandle::isAlive).orElse(false)) {
          all.add(p.get());
        } else {
          delete(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    all.sort(Comparator.comparing(Paused::name, Network.NATURAL));
    return all;
  }

  Optional<Paused> find(String name) {
    return list().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * Pauses {@code server}: SIGSTOP when the system has it, the process is not this one, and no
   * other server shares it (unless {@code inside} asks otherwise); else from within.
   */
  Paused pause(
      AddressBook.Entry server,
      boolean sharesProcess,
      boolean inside,
      Instant now,
      Instant until,
      WebClient http) {
    if (find(server.name()).isPresent()) {
      throw new UserError(
          server.name()
              + " is already paused; `./workshop resume "
              + server.name()
              + "` lets it go on");
    }
    boolean self = server.pid() == ProcessHandle.current().pid();
    How how = inside || sharesProcess || self || !Processes.canFreeze() ? How.INSIDE : How.SIGSTOP;
    if (how == How.SIGSTOP) {
      Processes.signal(server.pid(), "STOP");
    } else {
      ask(http, server.url() + "/fault/pause", server.name());
    }
    Paused p = new Paused(server.name(), server.pid(), server.url(), how, now, until);
    write(p);
    return p;
  }

  /** Lets a paused server go on, and forgets its pause. */
  void resume(Paused p, WebClient http) {
    if (p.how() == How.SIGSTOP) {
      Processes.signal(p.pid(), "CONT");
    } else {
      ask(http, p.url() + "/fault/resume", p.name());
    }
    delete(file(p.name()));
  }

  private static void ask(WebClient http, String url, String name) {
    try {
      var answer = http.post(url);
      if (!answer.ok()) {
        throw new UserError(name + " refused: " + Network.refusal(answer));
      }
      answer.read(NetWire.Paused.class);
    } catch (CallFailure e) {
      throw new UserError(name + " did not answer: " + e.getMessage());
    }
  }

  private void write(Paused p) {
    try {
      Files.createDirectories(dir);
      Files.writeString(file(p.name()), p.line() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the pause in " + dir, e);
    }
  }

  private Path file(String name) {
    return dir.resolve(name + ".paused");
  }

  private static void delete(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      // Left behind: list() skips it once its process is gone.
    }
  }
}
