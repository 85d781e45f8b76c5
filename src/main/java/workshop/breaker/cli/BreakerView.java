package workshop.breaker.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workshop.breaker.BreakerSnapshot;
import workshop.breaker.BreakerState;
import workshop.breaker.Transition;
import workshop.support.term.Block;
import workshop.support.term.Column;
import workshop.support.term.Frame;
import workshop.support.term.Size;
import workshop.support.term.Wrap;

/**
 * Renders the breaker panel: the state after every call (HALF-OPEN included: the trial call is
 * drawn while it is in flight), the failure count, the time left until the next trial, the last
 * trial, each call's outcome and latency, and the transition log. Pure: same inputs and size, same
 * text. Long transition reasons wrap under themselves; on a short terminal older transitions, then
 * older calls, give way, and the last row says so.
 *
 * <p>A trial against a server that fails at once ({@code POST /fail}) is HALF-OPEN for about 5 ms,
 * far less than one refresh, so the current state alone would never show it. The "Last trial" line
 * keeps it on screen until the next trial: when it began, how long it lasted and what it led to.
 */
public final class BreakerView {
  static final int CALLS_SHOWN = 8;
  static final int TRANSITIONS_SHOWN = 6;

  /**
   * One call as the panel lists it.
   *
   * @param outcome {@code 200}, {@code 500}, {@code TIMEOUT}, {@code REFUSED}, {@code REJECTED}, or
   *     {@code TRIAL...} while the trial is in flight
   * @param latency how long the caller waited (for REJECTED: the breaker's own decision)
   * @param announcement the original's line for the transition this call caused, or null
   */
  public record Call(
      int number, String outcome, Duration latency, String detail, String announcement) {
    public Call(int number, String outcome, Duration latency, String detail) {
      this(number, outcome, latency, detail, null);
    }
  }

  private BreakerView() {}

  /**
   * @param started when the view started; times in the log are seconds since then
   * @param size the room the frame has: when short, older transitions, then older calls, give way
   *     (the last row says how many)
   */
  public static Frame render(
      String target,
      Duration timeout,
      Instant started,
      BreakerSnapshot s,
      List<Call> calls,
      String hint,
      Size size) {
    int width = size.columns();
    List<String> header =
        Wrap.sideBySide(
            "Circuit Breaker -> " + target,
            "  ",
            String.format(
                Locale.ROOT,
                "(timeout %d ms, threshold %d, open %s)",
                timeout.toMillis(),
                s.config().failureThreshold(),
                seconds(s.config().openDuration())),
            width);
    List<String> state =
        new ArrayList<>(
            List.of(
                "Current State: " + icon(s.state()) + " " + s.state().display(),
                "Failures: " + s.consecutiveFailures() + " / " + s.config().failureThreshold(),
                "Next trial: " + nextTrial(s)));
    state.addAll(Wrap.words("Last trial: " + lastTrial(s, started), width, "            "));
    List<Block> blocks =
        List.of(
            Block.of(header),
            Block.of(state),
            Block.shrinks("calls", "Calls (newest last):", calls(calls), 2, 2).newestLast(),
            Block.shrinks("transitions", "Transitions:", log(s, started, width), 1, 1).newestLast(),
            Block.optional("hint", null, Wrap.words(hint, width, "     "), 3));
    return new Frame(Column.stack(blocks, size, null), line(s, calls));
  }

  /** The last {@link #CALLS_SHOWN} calls, one line each. */
  private static List<List<String>> calls(List<Call> calls) {
    List<List<String>> shown = new ArrayList<>();
    for (Call c : calls.subList(Math.max(0, calls.size() - CALLS_SHOWN), calls.size())) {
      shown.add(
          List.of(
              String.format(
                  Locale.ROOT,
                  "  #%-4d %-9s %10s  %s",
                  c.number(),
                  c.outcome(),
                  ms(c.latency()),
                  c.detail())));
    }
    return shown;
  }

  /** The last {@link #TRANSITIONS_SHOWN} transitions, each reason wrapped under itself. */
  private static List<List<String>> log(BreakerSnapshot s, Instant started, int width) {
    List<List<String>> log = new ArrayList<>();
    List<Transition> ts = s.transitions();
    if (ts.isEmpty()) {
      log.add(List.of("  (none yet)"));
    }
    for (Transition t : ts.subList(Math.max(0, ts.size() - TRANSITIONS_SHOWN), ts.size())) {
      String at = "  " + seconds(Duration.between(started, t.at())) + "  ";
      log.add(Wrap.words(at + t.describe(), width, " ".repeat(at.length() + 2)));
    }
    return log;
  }

  /** The plain-output line: one per call, with the transition it caused. */
  static String line(BreakerSnapshot s, List<Call> calls) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%-9s failures=%d", s.state(), s.consecutiveFailures()));
    if (!calls.isEmpty()) {
      Call c = calls.get(calls.size() - 1);
      b.append(String.format(Locale.ROOT, "  #%d %s %s", c.number(), c.outcome(), ms(c.latency())));
    }
    if (s.state() == BreakerState.OPEN) {
      b.append("  next trial in ").append(seconds(s.untilTrial()));
    }
    if (!calls.isEmpty() && calls.get(calls.size() - 1).announcement() != null) {
      b.append("  >> ").append(calls.get(calls.size() - 1).announcement());
    }
    return b.toString();
  }

  private static String nextTrial(BreakerSnapshot s) {
    return switch (s.state()) {
      case CLOSED -> "- (calls flow)";
      case OPEN -> "in " + seconds(s.untilTrial());
      case HALF_OPEN -> s.trialInFlight() ? "in flight now" : "now";
    };
  }

  /**
   * The last trial that ended: {@code [Y] HALF-OPEN at 14.0 s for 5 ms -> [R] OPEN: trial call
   * failed (HTTP 500)}, from the transition into HALF_OPEN and the one out of it.
   */
  static String lastTrial(BreakerSnapshot s, Instant started) {
    List<Transition> ts = s.transitions();
    for (int i = ts.size() - 1; i > 0; i--) {
      Transition end = ts.get(i);
      Transition begin = ts.get(i - 1);
      if (end.from() == BreakerState.HALF_OPEN && begin.to() == BreakerState.HALF_OPEN) {
        return String.format(
            Locale.ROOT,
            "%s HALF-OPEN at %s for %d ms -> %s %s: %s",
            icon(BreakerState.HALF_OPEN),
            seconds(Duration.between(started, begin.at())),
            Duration.between(begin.at(), end.at()).toMillis(),
            icon(end.to()),
            end.to(),
            end.reason());
      }
    }
    return "- (none yet)";
  }

  private static String icon(BreakerState state) {
    return switch (state) {
      case CLOSED -> "[G]";
      case OPEN -> "[R]";
      case HALF_OPEN -> "[Y]";
    };
  }

  static String ms(Duration d) {
    return String.format(Locale.ROOT, "%.3f ms", d.toNanos() / 1e6);
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
