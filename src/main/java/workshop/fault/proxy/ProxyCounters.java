package workshop.fault.proxy;

import java.util.concurrent.atomic.LongAdder;

/** What a proxy has done, as {@code /stats} shows it. Thread-safe. */
final class ProxyCounters {
  final LongAdder accepted = new LongAdder();
  final LongAdder open = new LongAdder();
  final LongAdder bytesUp = new LongAdder();
  final LongAdder bytesDown = new LongAdder();
  final LongAdder delayed = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder resets = new LongAdder();
  final LongAdder upstreamFailures = new LongAdder();

  /**
   * The counters at one instant.
   *
   * @param delayed_chunks chunks held back by a delay
   * @param dropped_chunks drops of a chunk (each one sent again later, as TCP retransmits)
   * @param reset_connections connections reset by a fault (rejected, or held too long)
   * @param upstream_failures connections the upstream refused or did not accept in time
   */
  record Snapshot(
      long connections,
      long open_connections,
      long bytes_to_upstream,
      long bytes_from_upstream,
      long delayed_chunks,
      long dropped_chunks,
      long reset_connections,
      long upstream_failures) {}

  Snapshot snapshot() {
    return new Snapshot(
        accepted.sum(),
        open.sum(),
        bytesUp.sum(),
        bytesDown.sum(),
        delayed.sum(),
        dropped.sum(),
        resets.sum(),
        upstreamFailures.sum());
  }
}
