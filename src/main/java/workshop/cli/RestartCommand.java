package workshop.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;
import workshop.support.cli.UserError;
import workshop.support.proc.ProcessRecords;

/**
 * {@code ./workshop restart node-2 --load-factor 35}: stop one process of the running {@code up}
 * and start it again, with flags added to or replacing the module's flags for it. The others keep
 * running, and its output stays in {@code up}'s terminal.
 */
@Command(
    name = "restart",
    mixinStandardHelpOptions = true,
    description = {
      "Restart one process of the running `./workshop up`, with flags added or replaced.",
      "Name it as `up` prefixes its output, e.g. `./workshop restart node-2 --load-factor 35`; the"
          + " other processes keep running. Without flags it starts again as the module defines"
          + " it."
    })
public final class RestartCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "The process, e.g. node-2.")
  String name;

  @Unmatched List<String> flags = new ArrayList<>();

  @Override
  public Integer call() {
    Optional<UpControl.Client> up = UpControl.Client.connect(Home.upControl());
    if (up.isEmpty()) {
      throw new UserError(noUp(name, Home.records()));
    }
    try (UpControl.Client client = up.get()) {
      boolean ours = client.processes().processes().stream().anyMatch(p -> p.name().equals(name));
      if (!ours && Home.records().find(name).isPresent()) {
        throw new UserError(noUp(name, Home.records()));
      }
      UpControl.Process p;
      try {
        p = client.restart(name, flags);
      } catch (UserError e) {
        throw new UserError("restart " + name + " failed: " + e.getMessage());
      }
      System.out.println(
          "Restarted "
              + p.name()
              + " (pid "
              + p.pid()
              + "): ./workshop "
              + String.join(" ", p.args())
              + ". Its output is in up's terminal.");
      return 0;
    }
  }

  /** Why nothing can be restarted, and what to do instead. */
  static String noUp(String name, ProcessRecords records) {
    if (records.find(name).isPresent()) {
      return name
          + " was not started by `./workshop up` but by the registry: restart it through the"
          + " registry (curl -X POST http://localhost:5000/restart/"
          + name
          + " once it is down; ./workshop stop "
          + name
          + " stops it).";
    }
    return "no `./workshop up` is running from this folder, so there is no "
        + name
        + " to restart; start a module first, e.g. ./workshop up 01";
  }
}
