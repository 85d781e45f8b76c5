package workshop.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import workshop.support.cli.UserError;
import workshop.support.proc.ProcessRecords;
import workshop.support.proc.Processes;

/**
 * {@code ./workshop stop gossip-3}: stop one process, the way Ctrl+C in its own terminal would
 * (SIGTERM). A process of the running {@code up} is stopped through {@code up}, which then waits
 * for {@code ./workshop restart gossip-3}; any other process the toolkit started (a node the
 * registry started) is stopped by its recorded PID.
 */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = {
      "Stop one process the toolkit started, leaving the others running.",
      "Name it as `up` prefixes its output (e.g. gossip-3); `./workshop restart NAME` starts it"
          + " again."
    })
public final class StopCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "The process, e.g. gossip-3.")
  String name;

  @Override
  public Integer call() {
    Optional<UpControl.Client> up = UpControl.Client.connect(Home.upControl());
    if (up.isPresent()) {
      try (UpControl.Client client = up.get()) {
        boolean ours = client.processes().processes().stream().anyMatch(p -> p.name().equals(name));
        if (ours) {
          UpControl.Stopped s = client.stop(name);
          if (s.stopped() || Home.records().find(name).isEmpty()) {
            System.out.println(s.message());
            return 0;
          }
        }
      }
    }
    ProcessRecords records = Home.records();
    Optional<ProcessRecords.Entry> entry = records.find(name);
    if (entry.isEmpty()) {
      throw new UserError(
          "no process named "
              + name
              + " is running"
              + (up.isPresent() ? "" : " (and no `./workshop up` runs from this folder)")
              + "; `./workshop up` prefixes each line with its process's name.");
    }
    entry.get().live().ifPresent(h -> Processes.stop(h, Duration.ofSeconds(3)));
    records.remove(entry.get().pid());
    System.out.println("Stopped " + name + " (pid " + entry.get().pid() + ").");
    return 0;
  }
}
