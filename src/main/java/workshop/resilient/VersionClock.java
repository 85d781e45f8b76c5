package workshop.resilient;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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
  /**
   * How far ahead of a node's clock a version from outside may be: one minute. Versions are clock
   * readings, so an honest writer's are never ahead of the node's clock by more than the skew
   * between their machines (none on one laptop, milliseconds with NTP); a version far ahead would
   * pin its key (no honest write could beat it until the clock got there, and 2^63 microseconds is
   * 292,000 years). A minute tolerates badly set clocks in a classroom cluster, and a key pushed
   * ahead is free again a minute later; a clock more than a minute off is refused loudly instead of
   * winning every write.
   */
  public static final Duration MAX_AHEAD = Duration.ofMinutes(1);

  private long last;

  /** The next version to write at {@code now}. */
  public long next(Instant now) {
    last = Math.max(last + 1, micros(now));
    return last;
  }

  /**
   * Why a node whose clock reads {@code now} refuses {@code version} from outside: more than {@link
   * #MAX_AHEAD} ahead of it. Small versions (the original's per-node counters: 1, 2, 3) are fine.
   */
  public static Optional<String> refuse(long version, Instant now) {
    long limit = micros(now) + MAX_AHEAD.toNanos() / 1_000;
    if (version <= limit) {
      return Optional.empty();
    }
    return Optional.of(
        "field 'version' must not be more than "
            + MAX_AHEAD.toSeconds()
            + " s ahead of this node's clock (versions are microseconds since 1970: at most "
            + limit
            + " now, not "
            + version
            + "); a version from the future would pin the key, since no write could beat it");
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  /** Remembers a version seen elsewhere, so the next one is above it. */
  public void observe(long version) {
    last = Math.max(last, version);
  }
}
