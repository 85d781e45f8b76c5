package workshop.fault.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import workshop.support.cli.DurationConverter;
import workshop.support.cli.UserError;
import workshop.support.proc.AddressBook;
import workshop.support.proc.ProcessRecords;

/**
 * {@code ./workshop pause node-2 [--for 10s]}: the process stops answering and stops its timers and
 * heartbeats, keeping its port and its state, so a failure detector declares it dead, and when it
 * resumes it comes back as it was: a zombie with old state. With {@code --for}, this command waits
 * and resumes it (Ctrl+C resumes it at once); without, {@code ./workshop resume node-2} does.
 */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = {
      "Pause a running workshop server by name (node-2, gossip-3, registry): it answers nothing,"
          + " sends nothing and its timers stop, but it keeps its port and its memory, so callers"
          + " time out, a failure detector declares it dead, and when it resumes it carries on"
          + " with its old state (a gray failure).",
      "On Linux and macOS the real process is frozen (SIGSTOP, as kill -STOP does; the lab's"
          + " kill -STOP $! froze the timeout wrapper, not the sleeper). Elsewhere, or with"
          + " --inside, the process holds everything itself.",
      "With --for this command waits and resumes it (Ctrl+C resumes it at once); without,"
          + " ./workshop resume NAME does."
    })
public final class PauseCommand implements Callable<Integer> {
  /** The longest pause --for accepts: an hour outlasts any lesson. */
  static final Duration MAX_FOR = Duration.ofHours(1);

  @Parameters(index = "0", paramLabel = "NAME", description = "The server, e.g. node-2.")
  String name;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Resume it after this long (e.g. 10s), waiting here meanwhile.")
  Duration forWhat;

  @Option(
      names = "--inside",
      description = "Ask the process to hold everything itself instead of freezing it.")
  boolean inside;

  @Override
  public Integer call() {
    Path state = ProcessRecords.stateOfThisCheckout();
    try (Network network = new Network(state, Duration.ofSeconds(2))) {
      for (String line : pause(network)) {
        System.out.println(line);
      }
      if (forWhat != null) {
        waitThenResume(network);
      }
    }
    return 0;
  }

  List<String> pause(Network network) {
    if (forWhat != null && (forWhat.isZero() || forWhat.compareTo(MAX_FOR) > 0)) {
      throw new UserError("--for must be between 1ms and 1h, got " + forWhat.toMillis() + " ms");
    }
    AddressBook.Entry server = network.server(name);
    boolean shared =
        network.servers().values().stream()
            .anyMatch(e -> e.pid() == server.pid() && !e.name().equals(server.name()));
    Instant now = Instant.now();
    Pauses.Paused p =
        network
            .pauses()
            .pause(
                server,
                shared,
                inside,
                now,
                forWhat == null ? null : now.plus(forWhat),
                network.http());
    return List.of(
        name
            + " paused: "
            + p.describe()
            + ". It keeps its port and its memory; callers time out."
            + (forWhat == null ? " ./workshop resume " + name + " lets it go on." : ""));
  }

  void waitThenResume(Network network) {
    AtomicBoolean resumed = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    Thread onCtrlC =
        new Thread(
            () -> {
              if (resumed.compareAndSet(false, true)) {
                ResumeCommand.resume(network, name).forEach(System.out::println);
              }
              done.countDown();
            });
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    System.out.println(
        "Resuming it in " + forWhat.toMillis() / 1000.0 + " s (Ctrl+C resumes it now).");
    try {
      Thread.sleep(forWhat);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (resumed.compareAndSet(false, true)) {
      ResumeCommand.resume(network, name).forEach(System.out::println);
      Runtime.getRuntime().removeShutdownHook(onCtrlC);
    } else {
      try {
        done.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
