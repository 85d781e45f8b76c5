package workshop.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import workshop.fault.http.RulesFile;
import workshop.support.proc.ProcessRecords;

/**
 * {@code ./workshop down}: stop every process the toolkit started from this checkout, whoever
 * started it ({@code up}, {@code restart}, the registry's restart and scale-up), by the PIDs
 * recorded under {@code .workshop/pids}.
 */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Stop every process the toolkit started from this folder, and forget the network faults.",
      "That is what `up` started and the nodes the registry started (restart, scale-up), and the"
          + " faults `net` set; nothing else is touched."
    })
public final class DownCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    List<ProcessRecords.Entry> stopped = Home.records().stopAll(Duration.ofSeconds(3));
    if (stopped.isEmpty()) {
      System.out.println("Nothing to stop: no process the toolkit started here is running.");
    }
    for (ProcessRecords.Entry e : stopped) {
      System.out.println("Stopped " + e.name() + " (pid " + e.pid() + ")");
    }
    RulesFile rules = new RulesFile(Home.dir());
    boolean faults = rules.read().map(r -> !r.faults().isEmpty()).orElse(false);
    rules.delete();
    if (faults) {
      System.out.println("Forgot the network faults ./workshop net had set.");
    }
    return 0;
  }
}
