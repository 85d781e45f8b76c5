package workshop.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import workshop.support.http.PortInUseException;

/** Builds the command line with the workshop's error handling: one line that says what to do. */
public final class Cli {
  private Cli() {}

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new WorkshopCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
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
    if (e instanceof UserError
        || e instanceof PortInUseException
        || e instanceof IllegalArgumentException) {
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
