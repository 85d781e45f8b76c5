package workshop.replication;

/**
 * One write in a primary's history: {@code SET key value} or, when {@code value} is null, {@code
 * DEL key}. {@code offset} numbers it in that history (1, 2, 3, ...): a dataset "at offset 7" has
 * applied exactly the writes 1 to 7. Redis counts its offset in bytes of the replication stream;
 * here it counts writes, so lag in operations is a plain subtraction.
 */
public record Write(long offset, String key, String value) {
  public Write {
    if (offset < 1) {
      throw new IllegalArgumentException("a write's offset starts at 1, got " + offset);
    }
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a write needs a key");
    }
  }

  public boolean deletes() {
    return value == null;
  }

  @Override
  public String toString() {
    return (deletes() ? "DEL " + key : "SET " + key + "=" + value) + " @" + offset;
  }
}
