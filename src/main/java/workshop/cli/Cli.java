package workshop.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import workshop.module.WorkshopModule;
import workshop.support.cli.UserError;
import workshop.support.http.PortInUseException;

/** Builds the command line with the workshop's error handling: one line that says what to do. */
public final class Cli {
  private Cli() {}

  /**
   * The whole command line: the launcher's own commands, then each module's commands, views ({@code
   * viz}) and simulations ({@code sim}), in catalog order. Settings come last, because picocli
   * applies them to the subcommands present at the time.
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new WorkshopCommand());
    CommandLine viz = cl.getSubcommands().get("viz");
    CommandLine sim = cl.getSubcommands().get("sim");
    for (WorkshopModule m : ModuleCatalog.all()) {
      m.commands().forEach(cl::addSubcommand);
      m.views().forEach(viz::addSubcommand);
      m.simulations().forEach(sim::addSubcommand);
    }
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // `net delay all -100ms` must reach the fault parser, which says why, not picocli as an option.
    cl.getSubcommands().get("net").setUnmatchedOptionsArePositionalParams(true);
    cl.setParameterExceptionHandler(Cli::usageError);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> runtimeError(e, commandLine.getErr()));
    return cl;
  }

  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    String name = cmd.getCommandSpec().qualifiedName(" ");
    err.println("Usage: " + synopsis(cmd));
    err.println("Run '" + name + " --help' for every option.");
    err.flush();
    return 2;
  }

  private static String synopsis(CommandLine cmd) {
    return cmd.getHelp().synopsis(0).trim().replace("\n", " ").replaceAll(" +", " ");
  }

  static int runtimeError(Exception e, PrintWriter err) {
    if (e instanceof UserError u) {
      err.println("error: " + u.getMessage());
      err.flush();
      return u.exitCode();
    }
    if (e instanceof PortInUseException || e instanceof IllegalArgumentException) {
      err.println("error: " + e.getMessage());
    } else {
      err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      if (System.getenv("WORKSHOP_DEBUG") != null) {
        e.printStackTrace(err);
      } else {
        err.println("(set WORKSHOP_DEBUG=1 to see the stack trace)");
      }
    }
    err.flush();
    return 1;
  }
}
