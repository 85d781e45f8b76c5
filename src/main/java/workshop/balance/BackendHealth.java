package workshop.balance;

/**
 * Whether one backend is in rotation, decided from health checks and from real traffic.
 *
 * <p>A backend goes DOWN after {@value #FAILS_TO_EJECT} failed health checks in a row, or at once
 * when a request could not even connect (nothing listens: no point waiting for the checker). It
 * comes back UP after {@value #PASSES_TO_RESTORE} passed checks in a row, so a node that flaps is
 * not put back on its first good answer. Every change returns its reason for the log; no change
 * returns null. Not thread-safe: callers serialize access.
 */
public final class BackendHealth {
  /** Two misses at one check per second: about two seconds to notice a hung backend. */
  public static final int FAILS_TO_EJECT = 2;

  /** Two passes: a restarted node must answer twice before it takes traffic again. */
  public static final int PASSES_TO_RESTORE = 2;

  private boolean up = true;
  private int fails;
  private int passes;

  public boolean up() {
    return up;
  }

  /** A health check answered 200. */
  public String checkPassed() {
    fails = 0;
    passes++;
    if (!up && passes >= PASSES_TO_RESTORE) {
      up = true;
      return "UP: /health answered 200 (" + passes + " checks in a row)";
    }
    return null;
  }

  /** A health check failed for {@code why}. */
  public String checkFailed(String why) {
    passes = 0;
    fails++;
    if (up && fails >= FAILS_TO_EJECT) {
      up = false;
      return "DOWN: " + why + " (" + fails + " checks in a row)";
    }
    return null;
  }

  /** A forwarded request could not connect at all. */
  public String connectionRefused(String why) {
    passes = 0;
    fails = Math.max(fails, FAILS_TO_EJECT);
    if (up) {
      up = false;
      return "DOWN: " + why + " (a forwarded request could not connect)";
    }
    return null;
  }
}
