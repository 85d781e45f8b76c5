package workshop.support.load;

import java.time.Duration;

/**
 * When a load run should stop because nothing listens at any of its targets: no call has ever been
 * answered (any HTTP status counts as an answer: a node that says 503 is there), and connections
 * have been refused for at least {@code patience}. A run against nodes that are still starting
 * waits out the patience and goes on; a run against nothing stops, instead of spinning through tens
 * of thousands of refused connections a second.
 *
 * <p>Pure: the caller passes the counts and the time since the first refusal.
 */
public final class NobodyListening {
  /** Two seconds: longer than a node takes to start once its JVM is up, short for a student. */
  public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(2);

  /**
   * While nothing has answered, a worker waits this long after a refused connection: retrying at
   * once only burns the laptop's CPU, and nobody is there to measure.
   */
  public static final Duration PAUSE_AFTER_REFUSAL = Duration.ofMillis(20);

  private NobodyListening() {}

  /**
   * @param answered calls that got any HTTP answer
   * @param refused calls whose connection was refused
   * @param sinceFirstRefusal how long ago the first refusal happened (zero when none has)
   */
  public static boolean giveUp(
      long answered, long refused, Duration sinceFirstRefusal, Duration patience) {
    return answered == 0 && refused > 0 && sinceFirstRefusal.compareTo(patience) >= 0;
  }

  /** Whether a worker should pause after a refusal: only while nothing has answered yet. */
  public static boolean pauseAfterRefusal(long answered) {
    return answered == 0;
  }
}
