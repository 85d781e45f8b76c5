package workshop.balance.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import workshop.balance.Backend;
import workshop.balance.BackendHealth;
import workshop.support.load.LatencyRecorder;

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
  private final LatencyRecorder latency = new LatencyRecorder();
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
    latency.record(micros);
    double ms = micros / 1000.0;
    double old = ewmaMillis;
    ewmaMillis = old == 0 ? ms : old + EWMA_ALPHA * (ms - old);
  }

  /**
   * @param healthy read by the caller under the balancer's lock
   */
  LbWire.Backend json(boolean healthy) {
    LatencyRecorder.Percentiles h = latency.soFar();
    return new LbWire.Backend(
        url,
        healthy,
        weight,
        requests.sum(),
        errors.sum(),
        inFlight.get(),
        h.p50(),
        h.p99(),
        Math.round(ewmaMillis * 100) / 100.0);
  }
}
