package workshop.gossip.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.gossip.GossipConfig;
import workshop.gossip.GossipMode;
import workshop.gossip.GossipSimulation;
import workshop.support.cli.UserError;

/** {@code ./workshop sim gossip --nodes N --fanout F --mode M --seed S [--loss P]}. */
@Command(
    name = "gossip",
    mixinStandardHelpOptions = true,
    description =
        "Module 07 at scale: one update spreading through N simulated gossip nodes (full mesh),"
            + " rounds and messages until all have it, next to the log2(N) rule of thumb.")
public final class GossipSimCommand implements Callable<Integer> {
  @Option(
      names = "--nodes",
      defaultValue = "1000",
      description = "Nodes (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--fanout",
      defaultValue = "1",
      description = "Peers per round (default ${DEFAULT-VALUE}).")
  int fanout;

  @Option(
      names = "--mode",
      defaultValue = "push-pull",
      description = "How nodes exchange state: push, pull or push-pull (default ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--loss",
      defaultValue = "0",
      description = "Probability that a message is lost, 0 to 0.9 (default ${DEFAULT-VALUE}).")
  double loss;

  @Option(
      names = "--rounds",
      defaultValue = "0",
      description = "Give up after this many rounds (default: 20 log2 N + 50).")
  int rounds;

  @Option(
      names = "--seeds",
      defaultValue = "1",
      description =
          "Run this many seeds, from --seed on, and report the first that does not converge"
              + " within --rounds, with the end of its trace (default ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--trace",
      description = "Print every delivered message (only with --nodes 50 or fewer).")
  boolean trace;

  @Override
  public Integer call() {
    if (nodes < 2 || nodes > 1_000_000) {
      throw new UserError("--nodes must be between 2 and 1000000, got " + nodes);
    }
    if (!(loss >= 0 && loss <= 0.9)) {
      throw new UserError("--loss must be between 0 and 0.9, got " + loss);
    }
    if (trace && nodes > 50) {
      throw new UserError("--trace prints every message; use it with --nodes 50 or fewer");
    }
    if (rounds < 0 || rounds > 100_000) {
      throw new UserError("--rounds must be between 0 (no limit) and 100000, got " + rounds);
    }
    if (seeds < 1 || seeds > 100_000) {
      throw new UserError("--seeds must be between 1 and 100000, got " + seeds);
    }
    GossipConfig config;
    try {
      config = GossipConfig.DEFAULTS.withMode(GossipMode.parse(mode)).withFanout(fanout);
    } catch (IllegalArgumentException e) {
      throw new UserError("--mode/--fanout: " + e.getMessage());
    }
    long t0 = System.nanoTime();
    GossipSimulation.Settings settings =
        new GossipSimulation.Settings(nodes, config, seed, loss, 1000, 100, rounds);
    if (seeds > 1) {
      return sweep(settings, t0);
    }
    List<String> lines = new ArrayList<>();
    GossipSimulation.Result result = GossipSimulation.run(settings, trace ? lines::add : null);
    lines.forEach(System.out::println);
    System.out.print(render(result));
    System.out.printf(Locale.ROOT, "(wall time %.2f s)%n", (System.nanoTime() - t0) / 1e9);
    return result.converged() ? 0 : 2;
  }

  private int sweep(GossipSimulation.Settings settings, long t0) {
    System.out.printf(
        Locale.ROOT,
        "Sweeping seeds %d to %d: %,d nodes, fanout %d, %s, loss %.0f%%, at most %d rounds%n",
        seed,
        seed + seeds - 1,
        nodes,
        fanout,
        settings.gossip().mode().label(),
        loss * 100,
        settings.roundLimit());
    var failure = GossipSimulation.sweep(settings, seeds);
    if (failure.isEmpty()) {
      System.out.printf(Locale.ROOT, "All %d seeds converged.%n", seeds);
    } else {
      var f = failure.get();
      System.out.printf(
          "Seed %d fails (%d seeds tried): %s%n", f.seed(), f.seedsTried(), f.problem());
      System.out.println("The end of its trace:");
      f.trace().forEach(System.out::println);
      System.out.printf(
          Locale.ROOT,
          "Replay it: ./workshop sim gossip --nodes %d --fanout %d --mode %s --loss %s --rounds %d"
              + " --seed %d%s%n",
          nodes,
          fanout,
          settings.gossip().mode().label(),
          loss,
          settings.roundLimit(),
          f.seed(),
          nodes <= 50 ? " --trace" : "");
    }
    System.out.printf(Locale.ROOT, "(wall time %.2f s)%n", (System.nanoTime() - t0) / 1e9);
    return failure.isEmpty() ? 0 : 2;
  }

  /** The report: a table of rounds and the totals next to the expectation. Deterministic. */
  public static String render(GossipSimulation.Result r) {
    GossipSimulation.Settings s = r.settings();
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Gossip simulation: %,d nodes, fanout %d, %s, seed %d, loss %.0f%%, rounds of 1 s,"
                + " delay 1-100 ms%n",
            s.nodes(),
            s.gossip().fanout(),
            s.gossip().mode().label(),
            s.seed(),
            s.loss() * 100));
    b.append(
        String.format(Locale.ROOT, "%6s %10s %8s %12s%n", "round", "informed", "%", "messages"));
    for (GossipSimulation.Round round : r.rounds()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%6d %10d %7.1f%% %12d%n",
              round.round(),
              round.informed(),
              100.0 * round.informed() / s.nodes(),
              round.messages()));
    }
    double log2 = Math.log(s.nodes()) / Math.log(2);
    int last = r.rounds().isEmpty() ? 0 : r.rounds().get(r.rounds().size() - 1).round();
    if (r.converged()) {
      b.append(
          String.format(
              Locale.ROOT,
              "All %,d nodes have the update after %d rounds and %,d messages (%.1f per node).%n",
              s.nodes(),
              last,
              r.messages(),
              (double) r.messages() / s.nodes()));
    } else {
      b.append(
          String.format(Locale.ROOT, "Not every node had the update after %d rounds.%n", last));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "Expectation: log2(%d) = %.1f rounds; push with fanout 1 needs about log2 N + ln N ="
                + " %.1f (Pittel 1987).%n",
            s.nodes(),
            log2,
            log2 + Math.log(s.nodes())));
    return b.toString();
  }
}
