package workshop.node;

import java.time.Duration;

/**
 * The simulated machine a node runs on: how many cores, how many worker threads, how long its queue
 * may grow and how fast a core works. Checked here so {@link SimulatedCpu} can trust it.
 *
 * @param cores cores of the node's own machine
 * @param workers requests worked on at once ({@code --workers})
 * @param maxQueued requests that may wait for a worker before new ones are refused
 * @param unitsPerSecond work units one core finishes per second
 */
public record CpuConfig(int cores, int workers, int maxQueued, long unitsPerSecond) {
  /**
   * 75 million calls of the naive Fibonacci a second: three times the pace of the original's
   * CPython 3.11 (fib(35) took 1,182 ms there, 398 ms here), so the manual's {@code --load-factor
   * 35} keeps its shape while five queued requests take about 2 s instead of running into the
   * client's 5 s timeout. A real JIT-compiled core is about ten times faster still.
   */
  public static final long FIB_CALLS_PER_SECOND = 75_000_000;

  /** Faster than any real core runs fib; the bound also keeps {@link #timeFor} exact. */
  public static final long MAX_UNITS_PER_SECOND = 1_000_000_000;

  public CpuConfig {
    if (cores < 1
        || workers < 1
        || maxQueued < 0
        || unitsPerSecond < 1
        || unitsPerSecond > MAX_UNITS_PER_SECOND) {
      throw new IllegalArgumentException(
          "a simulated CPU needs at least 1 core, 1 worker, a queue of 0 or more and a speed of"
              + " 1 to 1,000,000,000 units a second; got "
              + cores
              + " cores, "
              + workers
              + " workers, queue "
              + maxQueued
              + ", "
              + unitsPerSecond
              + " units/s");
    }
  }

  /** How long one core takes for {@code units} of work, to the nanosecond. */
  public Duration timeFor(long units) {
    if (units < 0) {
      throw new IllegalArgumentException("work must be 0 units or more, got " + units);
    }
    long seconds = units / unitsPerSecond;
    long nanos = (units % unitsPerSecond) * 1_000_000_000L / unitsPerSecond;
    return Duration.ofSeconds(seconds, nanos);
  }
}
