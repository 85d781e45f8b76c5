package workshop.balance.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workshop.support.term.Frame;

/**
 * The load-balance view as a pure function of a snapshot: one bar per backend, its share of the
 * requests the balancer counted since the view started, requests per second, latency percentiles
 * and health. One block of the bar is 2 % of the traffic, as in the original.
 */
public final class LoadBalanceView {
  /** One backend as the balancer counts it. */
  public record Row(
      String url,
      boolean healthy,
      long requests,
      double requestsPerSecond,
      double p50,
      double p99,
      int inFlight) {}

  /** Everything one frame shows. */
  public record Snapshot(String target, String strategy, List<Row> rows, String note) {}

  private LoadBalanceView() {}

  public static Frame render(Snapshot s) {
    long total = s.rows().stream().mapToLong(Row::requests).sum();
    double rate = s.rows().stream().mapToDouble(Row::requestsPerSecond).sum();
    List<String> lines = new ArrayList<>();
    lines.add("=== Load Balancer: " + s.target() + " (" + s.strategy() + ") ===");
    lines.add(
        String.format(
            Locale.ROOT,
            "%-26s %-5s %9s %7s %8s %8s %8s %4s  %s",
            "backend",
            "state",
            "requests",
            "share",
            "req/s",
            "p50 ms",
            "p99 ms",
            "busy",
            "share of traffic (█ = 2 %)"));
    List<String> parts = new ArrayList<>();
    for (Row r : s.rows()) {
      double share = total == 0 ? 0 : 100.0 * r.requests() / total;
      lines.add(
          String.format(
              Locale.ROOT,
              "%-26s %-5s %,9d %6.1f%% %8.1f %8.2f %8.2f %4d  %s",
              r.url(),
              r.healthy() ? "UP" : "DOWN",
              r.requests(),
              share,
              r.requestsPerSecond(),
              r.p50(),
              r.p99(),
              r.inFlight(),
              "█".repeat((int) Math.round(share / 2))));
      parts.add(
          String.format(Locale.ROOT, "%s %s %.1f%%", r.url(), r.healthy() ? "UP" : "DOWN", share));
    }
    lines.add(
        String.format(
            Locale.ROOT, "total %,d requests since the view started, %.1f req/s now", total, rate));
    if (s.note() != null) {
      lines.add(s.note());
    }
    String line =
        String.format(
            Locale.ROOT, "lb %s: %s | %.1f req/s", s.strategy(), String.join(" | ", parts), rate);
    return new Frame(lines, line);
  }
}
