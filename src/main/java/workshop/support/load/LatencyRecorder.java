package workshop.support.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded from many threads at once, summed since the start: what a server shows in its
 * {@code /stats}. Recording never blocks (HdrHistogram's recorder); {@link #soFar} takes a lock
 * only to fold the newest interval into the total.
 */
public final class LatencyRecorder {
  private final Recorder interval = new Recorder(3);
  private final Histogram total = new Histogram(3);

  /** Records one latency; anything below a microsecond counts as one. */
  public void record(long micros) {
    interval.recordValue(Math.max(1, micros));
  }

  /** Every latency recorded so far, as milliseconds at the usual percentiles. */
  public synchronized Percentiles soFar() {
    total.add(interval.getIntervalHistogram());
    if (total.getTotalCount() == 0) {
      return new Percentiles(0, 0, 0, 0, 0);
    }
    return new Percentiles(
        total.getTotalCount(),
        total.getValueAtPercentile(50) / 1000.0,
        total.getValueAtPercentile(95) / 1000.0,
        total.getValueAtPercentile(99) / 1000.0,
        total.getMaxValue() / 1000.0);
  }

  /** Milliseconds at the 50th, 95th and 99th percentiles and the maximum; all 0 when empty. */
  public record Percentiles(long count, double p50, double p95, double p99, double max) {}
}
