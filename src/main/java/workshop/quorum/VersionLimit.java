package workshop.quorum;

import java.util.Optional;

/**
 * How far ahead of a replica a version from outside may be. Module 05's versions are one counter
 * shared by the demo's coordinators (1, 2, 3, ...), and {@code PUT /replica/{key}} lets anyone
 * choose one; without a limit, one write at version 9,223,372,036,854,775,807 would pin the key
 * forever, since no later version exists to beat it.
 *
 * <p>The rule: a version may be at most {@link #AHEAD} above the highest version the replica holds
 * for any key. A coordinator's counter is shared by every key, so an honest writer is never more
 * than a handful of writes ahead of what a replica has seen, and 1,000 leaves room for every demo;
 * a key pushed ahead is caught up with by 1,000 ordinary writes, or at once by a writer that reads
 * the version to beat (the coordinator learns it from the refusal). The capstone's versions are
 * clock readings instead, bounded by the clock (see {@code resilient.VersionClock}).
 */
public final class VersionLimit {
  /** Versions more than this above the highest held are refused. */
  public static final long AHEAD = 1_000;

  private VersionLimit() {}

  /** Why {@code version} is refused by a replica whose highest version is {@code highest}. */
  public static Optional<String> check(long version, long highest) {
    long limit = highest > Long.MAX_VALUE - AHEAD ? Long.MAX_VALUE : highest + AHEAD;
    if (version <= limit) {
      return Optional.empty();
    }
    return Optional.of(
        "field 'version' may be at most "
            + AHEAD
            + " above the highest version this replica holds ("
            + highest
            + "), so at most "
            + limit
            + ", not "
            + version
            + ": a version far ahead would pin the key, since no later write could beat it");
  }
}
