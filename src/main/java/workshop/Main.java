package workshop;

import workshop.cli.Cli;
import workshop.support.proc.Processes;

/** Entry point of {@code ./workshop}: every command is a subcommand of {@code workshop}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Processes.exitWithParentIfAsked();
    Processes.ignoreInterruptIfDetached();
    int code = Cli.execute(args);
    System.out.flush();
    System.exit(code);
  }
}
