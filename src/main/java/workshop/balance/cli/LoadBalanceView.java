package workshop.balance.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workshop.support.term.Block;
import workshop.support.term.Column;
import workshop.support.term.Frame;
import workshop.support.term.Size;
import workshop.support.term.TextWidth;
import workshop.support.term.Wrap;

/**
 * The load-balance view as a pure function of a snapshot: one bar per backend, its share of the
 * requests the balancer counted since the view started, requests per second, latency percentiles
 * and health. One block of the bar is 2 % of the traffic, as in the original. On a terminal
 * narrower than the table and a full bar (130 columns) the bars go below the table, so nothing
 * wraps at 80 columns.
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

  /** One block of a bar is this many percent of the traffic, as in the original. */
  static final int PERCENT_PER_BLOCK = 2;

  static final int BAR = 100 / PERCENT_PER_BLOCK;

  private LoadBalanceView() {}

  /**
   * The frame for a terminal of {@code size}: the table, then each backend's bar, on the table's
   * rows when the terminal is wide enough and below it otherwise.
   */
  public static Frame render(Snapshot s, Size size) {
    long total = s.rows().stream().mapToLong(Row::requests).sum();
    double rate = s.rows().stream().mapToDouble(Row::requestsPerSecond).sum();
    int urlWidth = Math.max(7, s.rows().stream().mapToInt(r -> r.url().length()).max().orElse(0));
    String row = "%-" + urlWidth + "s %-5s %9s %7s %8s %8s %8s %4s";
    String header =
        String.format(
            Locale.ROOT,
            row,
            "backend",
            "state",
            "requests",
            "share",
            "req/s",
            "p50 ms",
            "p99 ms",
            "busy");
    boolean inline = TextWidth.of(header) + 2 + BAR <= size.columns();
    String legend = "share of traffic (█ = " + PERCENT_PER_BLOCK + " %)";
    List<String> table = new ArrayList<>();
    table.add(inline ? header + "  " + legend : header);
    List<String> bars = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    for (Row r : s.rows()) {
      double share = total == 0 ? 0 : 100.0 * r.requests() / total;
      String bar = "█".repeat((int) Math.round(share / PERCENT_PER_BLOCK));
      String line =
          String.format(
              Locale.ROOT,
              "%-" + urlWidth + "s %-5s %,9d %6.1f%% %8.1f %8.2f %8.2f %4d",
              r.url(),
              r.healthy() ? "UP" : "DOWN",
              r.requests(),
              share,
              r.requestsPerSecond(),
              r.p50(),
              r.p99(),
              r.inFlight());
      table.add(inline ? line + "  " + bar : line);
      bars.add(String.format(Locale.ROOT, "%-" + urlWidth + "s  %s", r.url(), bar));
      parts.add(
          String.format(Locale.ROOT, "%s %s %.1f%%", r.url(), r.healthy() ? "UP" : "DOWN", share));
    }
    table.add(
        String.format(
            Locale.ROOT, "total %,d requests since the view started, %.1f req/s now", total, rate));
    List<Block> blocks = new ArrayList<>();
    blocks.add(Block.of("=== Load Balancer: " + s.target() + " (" + s.strategy() + ") ===", table));
    if (!inline && !s.rows().isEmpty()) {
      blocks.add(Block.optional("bars", legend, bars, 2));
    }
    if (s.note() != null) {
      blocks.add(Block.optional("note", null, Wrap.words(s.note(), size.columns(), ""), 1));
    }
    String line =
        String.format(
            Locale.ROOT, "lb %s: %s | %.1f req/s", s.strategy(), String.join(" | ", parts), rate);
    return new Frame(Column.stack(blocks, size, null), line);
  }
}
