package workshop.fault.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import workshop.support.cli.UserError;
import workshop.support.proc.ProcessRecords;

/** {@code ./workshop resume node-2}: lets a server paused by {@code ./workshop pause} go on. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Let a server paused by ./workshop pause go on: what waited runs, in the order it came, and"
          + " it carries on with the state it had (its heartbeats make the registry count it alive"
          + " again)."
    })
public final class ResumeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "The server, e.g. node-2.")
  String name;

  @Override
  public Integer call() {
    try (Network network =
        new Network(ProcessRecords.stateOfThisCheckout(), Duration.ofSeconds(2))) {
      resume(network, name).forEach(System.out::println);
    }
    return 0;
  }

  /** Resumes {@code name} and hands it the network faults in force; returns what to print. */
  static List<String> resume(Network network, String name) {
    Pauses.Paused p =
        network
            .pauses()
            .find(name)
            .orElseThrow(
                () ->
                    new UserError(
                        name
                            + " is not paused"
                            + (network.servers().containsKey(name)
                                ? ""
                                : " (" + Network.unknown(name, network.servers()) + ")")));
    network.pauses().resume(p, network.http());
    List<String> lines = new ArrayList<>();
    double seconds = Duration.between(p.since(), Instant.now()).toMillis() / 1000.0;
    lines.add(
        name
            + " resumed after "
            + String.format(java.util.Locale.ROOT, "%.1f", seconds)
            + " s ("
            + (p.how() == Pauses.How.SIGSTOP ? "SIGCONT to pid " + p.pid() : "from within")
            + "): it carries on with the state it had.");
    var server = network.servers().get(name);
    if (server != null) {
      network
          .catchUp(server)
          .ifPresent(why -> lines.add(name + " did not take the network faults in force: " + why));
    }
    return lines;
  }
}
