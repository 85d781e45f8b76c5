package workshop.cascade.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import workshop.cascade.CascadePlan;
import workshop.cascade.CascadeReport;
import workshop.cascade.CascadeTable;
import workshop.cascade.Protection;
import workshop.cascade.Timeline;
import workshop.support.cli.DurationConverter;

/**
 * {@code ./workshop cascade [--protect none|timeouts,breaker,...] [--duration 30s] [--compare]}.
 */
@Command(
    name = "cascade",
    mixinStandardHelpOptions = true,
    description = {
      "The basics lab's cascading failure on three real servers: the client calls A, A calls B,"
          + " B calls C, each with a pool of 8 workers and 8 waiting places.",
      "C turns slow (2 s per request) for the middle of the run; one line a second shows A's"
          + " success rate and p99, A's pool and /health, and the load that reaches C."
          + " The final table adds the time to recover once C is fast again."
    },
    footer = {
      "",
      "Examples:",
      "  ./workshop cascade --protect none",
      "  ./workshop cascade --protect timeouts,breaker --duration 20s",
      "  ./workshop cascade --protect all",
      "  ./workshop cascade --compare --duration 15s"
    })
public final class CascadeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--protect",
      paramLabel = "LIST",
      description =
          "The protections to turn on: none, all, or a comma-separated list of timeouts, breaker,"
              + " bulkhead, limit and jitter (default none).")
  String protect;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long the load runs, from 4s to 600s; C is slow from a fifth of it to half of it"
              + " (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed for the jitter of the retries' backoff (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--compare",
      description =
          "Runs the scenario once with no protection, once with each alone and once with all,"
              + " and prints one table.")
  boolean compare;

  @Override
  public Integer call() throws InterruptedException {
    Timeline timeline;
    List<Set<Protection>> runs = new ArrayList<>();
    try {
      timeline = Timeline.of(duration, Timeline.SLOW);
      if (compare) {
        if (protect != null) {
          throw new IllegalArgumentException(
              "--compare runs every protection in turn: leave out --protect");
        }
        runs.addAll(Protection.compareRuns());
      } else {
        runs.add(Protection.parse(protect == null ? "none" : protect));
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintStream out = System.out;
    out.printf(
        "Cascade: client -> A -> B -> C on 127.0.0.1, each server %d workers and %d waiting places;"
            + " %d requests/s on A, every %s one needing C.%n",
        CascadePlan.WORKERS,
        CascadePlan.QUEUE,
        CascadePlan.LOAD_PER_SECOND,
        CascadePlan.DEEP_EVERY == 2 ? "other" : CascadePlan.DEEP_EVERY + "th");
    out.printf(
        "C answers in %d ms, then in %d ms from %ds to %ds of the %ds run. Users give up after %d ms.%n",
        timeline.fastDelay().toMillis(),
        timeline.slowDelay().toMillis(),
        timeline.slowFrom().toSeconds(),
        timeline.slowUntil().toSeconds(),
        timeline.total().toSeconds(),
        CascadePlan.CLIENT_TIMEOUT.toMillis());
    List<String> rows = new ArrayList<>();
    for (Set<Protection> chosen : runs) {
      CascadePlan plan = new CascadePlan(chosen);
      out.println();
      out.println("--protect " + plan.describe() + ": " + explain(plan));
      CascadeReport report = new CascadeRun(plan, timeline, seed, out, !compare).run();
      rows.add(CascadeTable.summaryRow(plan.describe(), report));
      if (compare) {
        out.println(rows.getLast());
      }
    }
    out.println();
    out.println(CascadeTable.summaryHeader());
    rows.forEach(out::println);
    out.flush();
    return 0;
  }

  static String explain(CascadePlan plan) {
    if (plan.protections().isEmpty()) {
      return "every call waits up to the default "
          + CascadePlan.DEFAULT_TIMEOUT.toMillis()
          + " ms and is retried at once, up to "
          + CascadePlan.ATTEMPTS
          + " attempts";
    }
    List<String> parts = new ArrayList<>();
    for (Protection p : plan.protections()) {
      parts.add(
          switch (p) {
            case TIMEOUTS ->
                "A->B "
                    + CascadePlan.A_TO_B_TIMEOUT.toMillis()
                    + " ms, B->C "
                    + CascadePlan.B_TO_C_TIMEOUT.toMillis()
                    + " ms, deadlines passed on";
            case BREAKER ->
                "a breaker per operation ("
                    + CascadePlan.BREAKER.failureThreshold()
                    + " failures, open "
                    + CascadePlan.BREAKER.openDuration().toMillis()
                    + " ms)";
            case BULKHEAD -> "at most " + CascadePlan.BULKHEAD + " calls in flight per operation";
            case LIMIT ->
                "A's calls to B at most "
                    + CascadePlan.LIMIT_PER_SECOND
                    + "/s, retries included (token bucket, burst "
                    + CascadePlan.LIMIT_BURST
                    + ")";
            case JITTER ->
                "retries back off with full jitter ("
                    + CascadePlan.BACKOFF_BASE.toMillis()
                    + " ms doubling, at most "
                    + CascadePlan.BACKOFF_CAP.toMillis()
                    + " ms)";
          });
    }
    return String.join("; ", parts);
  }
}
