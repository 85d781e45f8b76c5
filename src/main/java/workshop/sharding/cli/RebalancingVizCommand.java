package workshop.sharding.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.support.cli.UserError;

/**
 * {@code ./workshop viz rebalancing [--keys 1000] [--vnodes 100]}: the manual's Module 03 Step 1.
 */
@Command(
    name = "rebalancing",
    mixinStandardHelpOptions = true,
    description = {
      "Module 03: how many keys move when a 4th node joins, and when one leaves.",
      "Under modulo, consistent and rendezvous hashing; the original's 1000 keys give 746 (74.6 %%)"
          + " and 246 (24.6 %%)."
    })
public final class RebalancingVizCommand implements Callable<Integer> {
  static final int MAX_KEYS = 10_000_000;

  @Option(
      names = "--keys",
      defaultValue = "1000",
      description = "Keys key_0 .. key_<N-1> to place (default ${DEFAULT-VALUE}, as the original).")
  int keys;

  @Option(
      names = "--vnodes",
      defaultValue = "100",
      description = "Virtual nodes per node for consistent hashing (default ${DEFAULT-VALUE}).")
  int vnodes;

  @Override
  public Integer call() {
    if (keys < 1 || keys > MAX_KEYS) {
      throw new UserError("--keys must be between 1 and " + MAX_KEYS + ", got " + keys);
    }
    if (vnodes < 1 || vnodes > 10_000) {
      throw new UserError("--vnodes must be between 1 and 10000, got " + vnodes);
    }
    long t0 = System.nanoTime();
    RebalancingView.Report report = RebalancingView.measure(keys, vnodes);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.print(RebalancingView.render(report));
    System.out.printf(Locale.ROOT, "(%,d keys measured in %.1f s)%n", keys, seconds);
    return 0;
  }
}
