package workshop.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./workshop viz <view>}: the live views of the manual's {@code visualize_*.py} scripts.
 * Each module lists its views in its descriptor; {@link Cli#commandLine()} adds them here.
 */
@Command(
    name = "viz",
    mixinStandardHelpOptions = true,
    description =
        "Live views: redrawn in place on a terminal, one plain line per update otherwise.")
public final class VizCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
