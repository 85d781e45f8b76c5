package workshop.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import workshop.support.proc.PidFile;

/** {@code ./workshop down}: stop what {@code up} started, by the PIDs it recorded. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = "Stop the processes started by `./workshop up` (and nothing else).")
public final class DownCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    PidFile pids = Home.upPids();
    List<PidFile.Entry> stopped = pids.stopAll(Duration.ofSeconds(3));
    if (stopped.isEmpty()) {
      System.out.println("Nothing to stop: no process started by `./workshop up` is running.");
    }
    for (PidFile.Entry e : stopped) {
      System.out.println("Stopped " + e.name() + " (pid " + e.pid() + ")");
    }
    return 0;
  }
}
