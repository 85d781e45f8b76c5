package workshop.sim.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./workshop sim <protocol>}: protocols in a seeded, deterministic simulated network. Each
 * module lists its simulations in its descriptor; the command line adds them here.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description =
        "Run a protocol's core on a simulated network: virtual time, seeded loss and delay,"
            + " same seed same output.")
public final class SimCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
