package workshop.balance.http;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import workshop.balance.Backend;
import workshop.balance.BackendHealth;
import workshop.support.json.Json;

/**
 * The balancer's live counters for one backend. {@link #health} is read and written under the
 * balancer's lock; the counters, the histogram and the moving average are safe to touch from any
 * thread (the average is a volatile whose rare lost update does not matter).
 */
final class BackendStats {
  /** Weight of the newest answer in the moving average: about the last 5 answers dominate. */
  static final double EWMA_ALPHA = 0.3;

  final String url;
  final int weight;
  final BackendHealth health = new BackendHealth();
  final AtomicInteger inFlight = new AtomicInteger();
  final LongAdder requests = new LongAdder();
  final LongAdder errors = new LongAdder();
  private final Recorder latency = new Recorder(3);
  private final Histogram latencyTotal = new Histogram(3);
  private volatile double ewmaMillis;

  BackendStats(String url, int weight) {
    this.url = url;
    this.weight = weight;
  }

  Backend snapshot() {
    return new Backend(url, health.up(), inFlight.get(), ewmaMillis, weight);
  }

  void started() {
    inFlight.incrementAndGet();
  }

  void finished(long nanos, boolean error) {
    inFlight.decrementAndGet();
    requests.increment();
    if (error) {
      errors.increment();
    }
    long micros = Math.max(1, nanos / 1_000);
    latency.recordValue(micros);
    double ms = micros / 1000.0;
    double old = ewmaMillis;
    ewmaMillis = old == 0 ? ms : old + EWMA_ALPHA * (ms - old);
  }

  /**
   * @param healthy read by the caller under the balancer's lock
   */
  Map<String, Object> json(boolean healthy) {
    Histogram h;
    synchronized (this) {
      latencyTotal.add(latency.getIntervalHistogram());
      h = latencyTotal.copy();
    }
    return Json.map(
        "url", url,
        "healthy", healthy,
        "weight", weight,
        "requests", requests.sum(),
        "errors", errors.sum(),
        "in_flight", inFlight.get(),
        "p50_ms", pct(h, 50),
        "p99_ms", pct(h, 99),
        "ewma_ms", Math.round(ewmaMillis * 100) / 100.0);
  }

  private static double pct(Histogram h, double p) {
    return h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(p) / 1000.0;
  }
}
