package workshop.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import workshop.balance.cli.LbCommand;
import workshop.breaker.cli.FlakyServerCommand;
import workshop.chaos.cli.ChaosCommand;
import workshop.gossip.cli.GossipNodeCommand;
import workshop.node.cli.ClientCommand;
import workshop.node.cli.NodeCommand;
import workshop.quorum.cli.ReplicaCommand;
import workshop.resilient.cli.ClusterClientCommand;
import workshop.resilient.cli.DashboardCommand;
import workshop.resilient.cli.LoadTestCommand;
import workshop.resilient.cli.RegistryCommand;
import workshop.resilient.cli.ResilientNodeCommand;
import workshop.sharding.cli.RouterCommand;
import workshop.sim.cli.SimCommand;

/** The root command; every workshop tool is one of its subcommands. */
@Command(
    name = "workshop",
    mixinStandardHelpOptions = true,
    version = "dsworkshop 1.0",
    description =
        "A hands-on distributed-systems workshop: start nodes, load-balance, shard, replicate,"
            + " gossip, trip circuit breakers, kill machines and watch the system survive.",
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      ModulesCommand.class,
      VerifyCommand.class,
      VizCommand.class,
      NodeCommand.class,
      ClientCommand.class,
      RouterCommand.class,
      ReplicaCommand.class,
      LbCommand.class,
      GossipNodeCommand.class,
      FlakyServerCommand.class,
      SimCommand.class,
      RegistryCommand.class,
      ResilientNodeCommand.class,
      LoadTestCommand.class,
      ChaosCommand.class,
      ClusterClientCommand.class,
      DashboardCommand.class,
    })
public final class WorkshopCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
