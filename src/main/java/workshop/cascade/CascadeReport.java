package workshop.cascade;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The numbers of one run, computed from what the client and the probes recorded: A's success rate
 * and p99 (per second and overall), C's load, A's health, and the time to recover after C is fast
 * again. Pure, so a test can hand it outcomes with literal times.
 *
 * <p>Recovery: the first second from which every later second's requests (by when they started)
 * succeed at least {@value #RECOVERED_PERCENT} %, counted from the second C turned fast again. A
 * single good second in the middle of a retry storm does not count.
 */
public final class CascadeReport {
  /** A second is good when at least this share of the requests started in it succeeded. */
  public static final int RECOVERED_PERCENT = 90;

  private final Timeline timeline;
  private final List<Outcome> outcomes;
  private final List<Second> seconds;

  public CascadeReport(Timeline timeline, List<Outcome> outcomes, List<Second> seconds) {
    this.timeline = timeline;
    this.outcomes = List.copyOf(outcomes);
    this.seconds = List.copyOf(seconds);
  }

  /** Requests that ended during second {@code index} (1-based), as the live line shows them. */
  public List<Outcome> endedIn(int index) {
    return select(o -> o.endMillis() >= (index - 1) * 1000L && o.endMillis() < index * 1000L);
  }

  /** Requests started during a phase. */
  public List<Outcome> startedIn(Timeline.Phase phase) {
    return select(o -> timeline.phaseAt(Duration.ofMillis(o.startMillis())) == phase);
  }

  public List<Outcome> all() {
    return outcomes;
  }

  public List<Second> seconds() {
    return seconds;
  }

  /** Percent of requests that succeeded, or -1 when there were none. */
  public static int successPercent(List<Outcome> some) {
    if (some.isEmpty()) {
      return -1;
    }
    long ok = some.stream().filter(Outcome::ok).count();
    return (int) Math.floor(100.0 * ok / some.size());
  }

  /** The 99th percentile latency (nearest rank), or -1 when there were none. */
  public static long p99Millis(List<Outcome> some) {
    if (some.isEmpty()) {
      return -1;
    }
    long[] sorted = some.stream().mapToLong(Outcome::latencyMillis).sorted().toArray();
    int rank = (int) Math.ceil(0.99 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** The mean of C's arrivals per second over the seconds of a phase, or 0 with none. */
  public long cLoadMean(Timeline.Phase phase) {
    List<Second> in = secondsIn(phase);
    return in.isEmpty()
        ? 0
        : Math.round(in.stream().mapToLong(Second::cArrivals).average().orElse(0));
  }

  public long cLoadPeak() {
    return seconds.stream().mapToLong(Second::cArrivals).max().orElse(0);
  }

  /** Seconds in which A's {@code /health} did not answer 200. */
  public long unhealthySeconds() {
    return seconds.stream().filter(s -> !s.aHealthy()).count();
  }

  /**
   * Whole seconds from C's recovery until A's requests succeed again for good, or -1 when they
   * never did before the run ended.
   */
  public long recoverySeconds() {
    long from = timeline.slowUntil().toSeconds();
    long last = (timeline.total().toMillis() + 999) / 1000;
    long recovered = -1;
    for (long s = last - 1; s >= from; s--) {
      final long start = s;
      List<Outcome> in =
          select(o -> o.startMillis() >= start * 1000 && o.startMillis() < (start + 1) * 1000);
      if (!in.isEmpty() && successPercent(in) < RECOVERED_PERCENT) {
        break;
      }
      if (!in.isEmpty()) {
        recovered = s;
      }
    }
    return recovered < 0 ? -1 : recovered - from;
  }

  public Timeline timeline() {
    return timeline;
  }

  /** A second's phase: the phase at its middle. */
  public Timeline.Phase phaseOf(int index) {
    return timeline.phaseAt(Duration.ofMillis(index * 1000L - 500));
  }

  private List<Second> secondsIn(Timeline.Phase phase) {
    List<Second> in = new ArrayList<>();
    for (Second s : seconds) {
      if (phaseOf(s.index()) == phase) {
        in.add(s);
      }
    }
    return in;
  }

  private List<Outcome> select(Predicate<Outcome> which) {
    return outcomes.stream().filter(which).toList();
  }
}
