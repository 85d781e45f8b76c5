package workshop.resilient;

import java.time.Instant;

/**
 * Write versions that only go up, even across a coordinator restart: {@code max(last + 1, now in
 * microseconds)}. A restarted registry (or a client writing directly to replicas) starts from the
 * current time, so its versions are above everything written before, on one machine's clock; two
 * writes in the same microsecond still get distinct, ordered versions.
 *
 * <p>This is the "last writer wins by timestamp" rule Cassandra uses; it is correct while all
 * coordinators share a clock (one laptop), and the clock-skew lesson is what happens when they
 * don't. Not thread-safe; callers serialize.
 */
public final class VersionClock {
  private long last;

  /** The next version to write at {@code now}. */
  public long next(Instant now) {
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    last = Math.max(last + 1, micros);
    return last;
  }

  /** Remembers a version seen elsewhere, so the next one is above it. */
  public void observe(long version) {
    last = Math.max(last, version);
  }
}
