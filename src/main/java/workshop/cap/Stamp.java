package workshop.cap;

/**
 * A write's version for last-writer-wins: the accepting replica's clock in milliseconds, then the
 * replica's name to break a tie, so that every replica orders any two writes the same way. A clock
 * that runs ahead wins more than its share: that is LWW's known cost (DDIA ch. 5, "Last write
 * wins").
 */
public record Stamp(long millis, String replica) implements Comparable<Stamp> {
  public Stamp {
    if (millis < 0) {
      throw new IllegalArgumentException("a stamp's millis cannot be negative, got " + millis);
    }
    if (replica == null || replica.isBlank()) {
      throw new IllegalArgumentException("a stamp names the replica that accepted the write");
    }
  }

  @Override
  public int compareTo(Stamp o) {
    int c = Long.compare(millis, o.millis);
    return c != 0 ? c : replica.compareTo(o.replica);
  }

  public boolean newerThan(Stamp o) {
    return o == null || compareTo(o) > 0;
  }

  /** {@code v1764557000123} (the name is said apart, as "from cap-3"). */
  public String version() {
    return "v" + millis;
  }

  @Override
  public String toString() {
    return version() + "@" + replica;
  }
}
