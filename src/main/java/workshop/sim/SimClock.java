package workshop.sim;

import java.time.Instant;

/** Virtual time in milliseconds since the start of a simulation; only the simulation moves it. */
public final class SimClock {
  private long nowMillis;

  public long millis() {
    return nowMillis;
  }

  /** The current virtual time as the {@code Instant now} a core expects. */
  public Instant instant() {
    return Instant.EPOCH.plusMillis(nowMillis);
  }

  void advanceTo(long millis) {
    if (millis < nowMillis) {
      throw new IllegalStateException("time cannot go back from " + nowMillis + " to " + millis);
    }
    nowMillis = millis;
  }
}
