package workshop.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary {@code ping} prints when it ends, for TCP or HTTP round trips: probes sent and
 * answered, the loss, and min/avg/max/mdev of the answered ones, where mdev is the standard
 * deviation {@code sqrt(mean(t²) - mean(t)²)} as iputils' ping computes it. Lost probes count
 * towards the loss only, never towards the times: a timeout is not a very slow answer.
 *
 * <p>Pure; not thread-safe.
 */
public final class PingStats {
  private final String target;
  private final List<Double> answered = new ArrayList<>();
  private int sent;

  public PingStats(String target) {
    this.target = target;
  }

  /** A probe answered after {@code millis}. */
  public void answered(double millis) {
    sent++;
    answered.add(millis);
  }

  /** A probe that got no answer (timed out, refused, reset). */
  public void lost() {
    sent++;
  }

  public int sent() {
    return sent;
  }

  public int received() {
    return answered.size();
  }

  /** Lost probes as a percentage of those sent; 0 when none was sent. */
  public double lossPercent() {
    return sent == 0 ? 0 : 100.0 * (sent - answered.size()) / sent;
  }

  /**
   * The summary lines, as ping prints them.
   *
   * @param elapsedMillis from the first probe to the last answer
   */
  public List<String> summary(long elapsedMillis) {
    List<String> lines = new ArrayList<>();
    lines.add("--- " + target + " ping statistics ---");
    lines.add(
        String.format(
            Locale.ROOT,
            "%d probes sent, %d received, %s%% loss, time %dms",
            sent,
            received(),
            percent(lossPercent()),
            elapsedMillis));
    if (!answered.isEmpty()) {
      double min = Double.MAX_VALUE;
      double max = 0;
      double sum = 0;
      double squares = 0;
      for (double t : answered) {
        min = Math.min(min, t);
        max = Math.max(max, t);
        sum += t;
        squares += t * t;
      }
      double avg = sum / answered.size();
      double mdev = Math.sqrt(Math.max(0, squares / answered.size() - avg * avg));
      lines.add(
          String.format(
              Locale.ROOT, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms", min, avg, max, mdev));
    }
    return lines;
  }

  /** 0, 20, 33.3: whole numbers without decimals, as ping shows them. */
  private static String percent(double p) {
    return p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p);
  }
}
