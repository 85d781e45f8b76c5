package workshop.quorum;

/**
 * A value with the version that wrote it. Higher versions are newer: a replica keeps the highest it
 * has seen, and a quorum read returns the highest among the replicas that answered.
 */
public record Versioned(String value, long version) {
  public Versioned {
    if (value == null) {
      throw new IllegalArgumentException("a versioned value must not be null");
    }
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1, got " + version);
    }
  }

  public boolean newerThan(Versioned other) {
    return other == null || version > other.version;
  }
}
