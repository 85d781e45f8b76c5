package workshop.cascade;

import java.util.List;
import java.util.Locale;

/**
 * The text of a cascade run: one line per second while it runs, and one row per run in the final
 * table. Pure: a report in, lines out, so the layout is checked against literal text.
 */
public final class CascadeTable {
  private CascadeTable() {}

  /** The columns of the per-second lines. */
  public static String secondsHeader() {
    return String.format(
        Locale.ROOT,
        "%5s  %-12s  %6s  %5s  %8s  %-20s  %-9s  %11s",
        "time",
        "phase",
        "A done",
        "A ok",
        "A p99",
        "A pool (busy, wait)",
        "A /health",
        "C load");
  }

  /** Second {@code index}: requests that ended in it, and what the probes saw at its end. */
  public static String secondLine(CascadeReport report, Second second) {
    List<Outcome> ended = report.endedIn(second.index());
    return String.format(
        Locale.ROOT,
        "%4ds  %-12s  %6d  %5s  %8s  %-20s  %-9s  %5d req/s",
        second.index(),
        report.phaseOf(second.index()).label(),
        ended.size(),
        percent(CascadeReport.successPercent(ended)),
        millis(CascadeReport.p99Millis(ended)),
        second.aBusy()
            + "/"
            + CascadePlan.WORKERS
            + ", "
            + second.aWaiting()
            + "/"
            + CascadePlan.QUEUE,
        second.aHealthy() ? "ok" : "FAILING",
        second.cArrivals());
  }

  /** The columns of the final table. */
  public static String summaryHeader() {
    return String.format(
            Locale.ROOT,
            "%-36s  %5s  %8s  %8s  %9s  %11s  %11s  %8s",
            "protect",
            "A ok",
            "A ok",
            "A p99",
            "A /health",
            "C load",
            "C load",
            "recovery")
        + "\n"
        + String.format(
                Locale.ROOT,
                "%-36s  %5s  %8s  %8s  %9s  %11s  %11s  %8s",
                "",
                "(all)",
                "(C slow)",
                "(all)",
                "failing",
                "(C slow)",
                "(peak)",
                "")
            .stripTrailing();
  }

  public static String summaryRow(String protect, CascadeReport report) {
    long recovery = report.recoverySeconds();
    return String.format(
        Locale.ROOT,
        "%-36s  %5s  %8s  %8s  %9s  %11s  %11s  %8s",
        protect,
        percent(CascadeReport.successPercent(report.all())),
        percent(CascadeReport.successPercent(report.startedIn(Timeline.Phase.SLOW))),
        millis(CascadeReport.p99Millis(report.all())),
        report.unhealthySeconds() + " s",
        report.cLoadMean(Timeline.Phase.SLOW) + " req/s",
        report.cLoadPeak() + " req/s",
        recovery < 0 ? "never" : recovery + " s");
  }

  static String percent(int p) {
    return p < 0 ? "-" : p + " %";
  }

  static String millis(long ms) {
    return ms < 0 ? "-" : ms + " ms";
  }
}
