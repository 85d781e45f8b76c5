package workshop.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import workshop.breaker.cli.BreakerVizCommand;
import workshop.gossip.cli.GossipVizCommand;
import workshop.quorum.cli.AvailabilityVizCommand;
import workshop.sharding.cli.RebalancingVizCommand;

/**
 * {@code ./workshop viz <view>}: the live views of the manual's {@code visualize_*.py} scripts.
 * Each module adds its view to {@code subcommands}.
 */
@Command(
    name = "viz",
    mixinStandardHelpOptions = true,
    description =
        "Live views: redrawn in place on a terminal, one plain line per update otherwise.",
    subcommands = {
      GossipVizCommand.class,
      BreakerVizCommand.class,
      RebalancingVizCommand.class,
      AvailabilityVizCommand.class
    })
public final class VizCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
