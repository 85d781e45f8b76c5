package workshop.quorum.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.quorum.QuorumConfig;
import workshop.support.cli.UserError;

/** {@code ./workshop viz availability [--n 3] [--w 2] [--r 2]}: the manual's Module 05 Step 1. */
@Command(
    name = "availability",
    mixinStandardHelpOptions = true,
    description = {
      "Module 05: write and read through a quorum of N real replicas while they fail.",
      "The replicas run on local ports and are killed one at a time; then come a stale read at"
          + " R+W<=N, a table of configurations, and a partition (CAP)."
    })
public final class AvailabilityVizCommand implements Callable<Integer> {
  static final List<QuorumConfig> TABLE =
      List.of(
          new QuorumConfig(3, 2, 2),
          new QuorumConfig(3, 1, 1),
          new QuorumConfig(3, 3, 1),
          new QuorumConfig(3, 1, 3),
          new QuorumConfig(5, 3, 3),
          new QuorumConfig(5, 1, 1),
          new QuorumConfig(5, 2, 3));

  @Option(names = "--n", defaultValue = "3", description = "Replicas (default ${DEFAULT-VALUE}).")
  int n;

  @Option(
      names = "--w",
      defaultValue = "2",
      description = "Write quorum (default ${DEFAULT-VALUE}).")
  int w;

  @Option(
      names = "--r",
      defaultValue = "2",
      description = "Read quorum (default ${DEFAULT-VALUE}).")
  int r;

  @Override
  public Integer call() {
    QuorumConfig config;
    try {
      config = new QuorumConfig(n, w, r);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage() + " (--n, --w, --r)");
    }
    show(config, System.out);
    return 0;
  }

  static void show(QuorumConfig config, PrintStream out) {
    AvailabilityDemo demo = new AvailabilityDemo(out);
    out.println("=== 1. Killing replicas one at a time ===");
    demo.killOneByOne(config);
    out.println();
    out.println("=== 2. Discussion: \"What if you set R=1 and W=1?\" ===");
    out.println(
        "Worst case: the write reaches only W replicas, then those crash (leaving R alive).");
    demo.staleScenario(new QuorumConfig(3, 1, 1));
    demo.staleScenario(new QuorumConfig(3, 2, 2));
    out.println();
    out.println("=== 3. Configurations (each row's scenario run on real replicas) ===");
    demo.table(TABLE);
    out.println();
    out.println("=== 4. CAP: a partition isolates one replica ===");
    demo.partition(new QuorumConfig(3, 2, 2));
    demo.partition(new QuorumConfig(3, 1, 1));
    out.flush();
  }
}
