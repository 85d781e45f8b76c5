package workshop.basics.cli;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import workshop.verify.VerifyRun;

/**
 * The lab's Step 10 under {@code ./workshop verify basics}: {@code ./workshop cascade} once with no
 * protection and once with all of them, each a short run as a separate process, and the two final
 * rows set side by side. Unprotected, C's slowness fills A's pool (A's {@code /health} fails) and
 * retries multiply the load that reaches C; protected, A stays healthy and serves more of what does
 * not need C.
 */
final class CascadeStep {
  /**
   * The lesson's short run: C slow from 1.4 s to 3.5 s, so the requests that waited on it time out
   * together and their retries reach C at once when it is fast again (a 6 s run ends C's spell
   * between two waves of retries, and the storm is a third of the size).
   */
  static final String DURATION = "7s";

  private static final Duration COMMAND = Duration.ofSeconds(90);

  /** The final table's row: protect, A ok (all), A ok (C slow), p99, /health failing, C loads. */
  private static final Pattern ROW =
      Pattern.compile(
          "^(\\S+)\\s+(-|\\d+ %)\\s+(-|\\d+ %)\\s+(-|\\d+ ms)\\s+(\\d+) s\\s+(\\d+) req/s"
              + "\\s+(\\d+) req/s\\s+(never|\\d+ s)$");

  /** One run's row, as numbers. */
  record Row(int okWhileSlow, int unhealthySeconds, int cPeak, String line) {}

  private final VerifyRun run;

  CascadeStep(VerifyRun run) {
    this.run = run;
  }

  void run() {
    run.step("Step 10: ./workshop cascade --protect none --duration " + DURATION);
    VerifyRun.Ran bare =
        run.command(COMMAND, "cascade", "--protect", "none", "--duration", DURATION);
    Row none = row(bare.output(), "none");
    run.check(
        "Step 10: unprotected, C's slowness fills A's pool, A's /health fails, retries flood C",
        bare.ok() && none != null && none.unhealthySeconds() >= 1 && none.cPeak() >= 40,
        none == null
            ? "no final row: " + bare.oneLine()
            : "A /health failing "
                + none.unhealthySeconds()
                + " s, A ok while C slow "
                + none.okWhileSlow()
                + " %, C peak "
                + none.cPeak()
                + " req/s (20 req/s when healthy)");

    run.step("./workshop cascade --protect all --duration " + DURATION);
    VerifyRun.Ran kept =
        run.command(COMMAND, "cascade", "--protect", "all", "--duration", DURATION);
    Row all = row(kept.output(), "all");
    run.check(
        "Step 10: protected, A stays healthier and serves more while C is slow, C is spared",
        kept.ok()
            && all != null
            && none != null
            && all.unhealthySeconds() < none.unhealthySeconds()
            && all.okWhileSlow() > none.okWhileSlow()
            && all.cPeak() < none.cPeak(),
        all == null
            ? "no final row: " + kept.oneLine()
            : "A /health failing "
                + all.unhealthySeconds()
                + " s, A ok while C slow "
                + all.okWhileSlow()
                + " %, C peak "
                + all.cPeak()
                + " req/s"
                + (none == null ? "" : " (unprotected: " + describe(none) + ")"));
  }

  private static String describe(Row r) {
    return r.unhealthySeconds() + " s, " + r.okWhileSlow() + " %, " + r.cPeak() + " req/s";
  }

  /** The final table's row for {@code protect}, or null when the run printed none. */
  static Row row(List<String> lines, String protect) {
    for (String line : lines) {
      Matcher m = ROW.matcher(line.strip());
      if (m.matches() && m.group(1).equals(protect)) {
        return new Row(
            number(m.group(3)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(7)), line);
      }
    }
    return null;
  }

  private static int number(String s) {
    return s.equals("-") ? -1 : Integer.parseInt(s.replace(" %", ""));
  }
}
