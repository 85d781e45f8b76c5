package workshop.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import workshop.fault.cli.NetCommand;
import workshop.fault.cli.PauseCommand;
import workshop.fault.cli.ProxyCommand;
import workshop.fault.cli.ResumeCommand;
import workshop.sim.cli.SimCommand;
import workshop.tools.cli.BenchCommand;
import workshop.tools.cli.ClientsCommand;
import workshop.tools.cli.HttpCommand;
import workshop.tools.cli.InfoCommand;
import workshop.tools.cli.PingCommand;
import workshop.tools.cli.ServeCommand;

/**
 * The root command. It knows only the launcher's own commands; every module adds its tools (and its
 * views under {@code viz}, its simulations under {@code sim}) from its descriptor, see {@link
 * Cli#commandLine()}.
 */
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
      RestartCommand.class,
      StopCommand.class,
      ModulesCommand.class,
      VerifyCommand.class,
      VizCommand.class,
      SimCommand.class,
      NetCommand.class,
      PauseCommand.class,
      ProxyCommand.class,
      ResumeCommand.class,
      ServeCommand.class,
      HttpCommand.class,
      PingCommand.class,
      BenchCommand.class,
      InfoCommand.class,
      ClientsCommand.class
    })
public final class WorkshopCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
