package workshop.support.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a load run: per target and overall counts by outcome, throughput and latency
 * percentiles in milliseconds.
 */
public record LoadReport(Duration elapsed, int concurrency, List<Row> targets, Row overall) {
  /** One line of the summary table. */
  public record Row(
      String target,
      long requests,
      long ok,
      long timeouts,
      long refused,
      long resets,
      long io,
      long client4xx,
      long server5xx,
      double requestsPerSecond,
      double p50,
      double p95,
      double p99,
      double max,
      double mean) {
    public long errors() {
      return requests - ok;
    }
  }

  public double throughput() {
    return overall.requestsPerSecond();
  }

  /** The summary table as text, one row per target then the total. */
  public String render() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "Summary: %,d requests in %.1f s with %d concurrent (%,.1f req/s)",
            overall.requests(),
            elapsed.toMillis() / 1000.0,
            concurrency,
            overall.requestsPerSecond()));
    String head =
        String.format(
            Locale.ROOT,
            "%-28s %9s %9s %8s %8s %8s %6s %6s %6s %9s %8s %8s %8s %8s",
            "target",
            "requests",
            "ok",
            "timeout",
            "refused",
            "reset",
            "io",
            "4xx",
            "5xx",
            "req/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms");
    lines.add(head);
    for (Row row : targets) {
      lines.add(format(row));
    }
    if (targets.size() > 1) {
      lines.add(format(overall));
    }
    return String.join("\n", lines);
  }

  private static String format(Row r) {
    return String.format(
        Locale.ROOT,
        "%-28s %,9d %,9d %,8d %,8d %,8d %,6d %,6d %,6d %,9.1f %8.2f %8.2f %8.2f %8.2f",
        r.target(),
        r.requests(),
        r.ok(),
        r.timeouts(),
        r.refused(),
        r.resets(),
        r.io(),
        r.client4xx(),
        r.server5xx(),
        r.requestsPerSecond(),
        r.p50(),
        r.p95(),
        r.p99(),
        r.max());
  }
}
