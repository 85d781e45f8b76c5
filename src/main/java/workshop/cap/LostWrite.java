package workshop.cap;

/**
 * A write that last-writer-wins threw away: two values of {@code key} were written without either
 * writer seeing the other (each side of a partition took one), and the older stamp lost.
 *
 * @param noticedAtMillis when the replica reporting it met the two values, on its clock
 */
public record LostWrite(String key, Item kept, Item dropped, long noticedAtMillis) {
  /** {@code user:x: kept 'B' (v..., from cap-3), dropped 'A' (v..., from cap-1)}. */
  @Override
  public String toString() {
    return key + ": kept " + kept.describe() + ", dropped " + dropped.describe();
  }
}
