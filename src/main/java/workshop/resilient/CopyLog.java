package workshop.resilient;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last copies anti-entropy made into a replica, for {@code GET /gossip-events}: the original's
 * dashboard shows them in its gossip panel ("node-1 → node-2 user:alice accepted"). It keeps the
 * newest {@link #CAPACITY}, as the original kept 20, and counts them all.
 *
 * <p>Only copies that changed something are kept: one per item a replica took from a peer. A round
 * in which two replicas already agree copies nothing and says nothing, so the panel shows repairs,
 * not the steady hum of rounds (the original logged every key of every round, so its panel was all
 * {@code already_synced}). Pure and not thread-safe; the replica drives it.
 */
public final class CopyLog {
  /** How many copies are kept: the original's {@code MAX_GOSSIP_EVENTS}. */
  public static final int CAPACITY = 20;

  /** One item copied from {@code from} into {@code to} at {@code at}. */
  public record Copy(Instant at, String key, String from, String to, long version) {}

  private final ArrayDeque<Copy> recent = new ArrayDeque<>();
  private long total;

  void add(Copy copy) {
    if (recent.size() == CAPACITY) {
      recent.removeFirst();
    }
    recent.addLast(copy);
    total++;
  }

  /** The newest copies, oldest first. */
  public List<Copy> recent() {
    return List.copyOf(recent);
  }

  /** Every copy since the replica started. */
  public long total() {
    return total;
  }
}
