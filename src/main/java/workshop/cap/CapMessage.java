package workshop.cap;

import java.util.List;
import java.util.Map;

/**
 * Everything a CAP replica says: what replicas send each other (a cp operation's two rounds, a
 * copy, an anti-entropy round), what clients ask, and the answers. The sender's name travels beside
 * each message, in the driver's envelope.
 */
public sealed interface CapMessage {
  // ---- between replicas -----------------------------------------------------------------------

  /** "What version of {@code key} do you hold?": the first round of a cp read or write. */
  record Query(long op, String key) implements CapMessage {}

  /** The answer to a {@link Query}: the item held, or none (an empty list, never null). */
  record Held(long op, String key, List<Item> held) implements CapMessage {
    public Held {
      held = List.copyOf(held);
    }

    static Held of(long op, String key, Item item) {
      return new Held(op, key, item == null ? List.of() : List.of(item));
    }

    Item item() {
      return held.isEmpty() ? null : held.get(0);
    }
  }

  /**
   * "Keep this copy if it is newer": the second round of a cp operation, or an ap write's copy (op
   * 0: nobody waits for the answer).
   */
  record Store(long op, Item item) implements CapMessage {}

  /** The answer to a {@link Store}: the replica holds that version, or a newer one. */
  record Stored(long op, String key) implements CapMessage {}

  /** An anti-entropy round: every key with its version. */
  record Digest(Map<String, Stamp> versions) implements CapMessage {
    public Digest {
      versions = Map.copyOf(versions);
    }
  }

  /** The answer to a {@link Digest}: the items the sender lacks or holds at another version. */
  record Items(List<Item> items) implements CapMessage {
    public Items {
      items = List.copyOf(items);
    }
  }

  // ---- client requests ------------------------------------------------------------------------

  record Put(String key, String value) implements CapMessage {}

  record Get(String key) implements CapMessage {}

  /** The writes this replica saw last-writer-wins throw away. */
  record ReadLost() implements CapMessage {}

  /** How the replica is doing. */
  record ReadStatus() implements CapMessage {}

  // ---- replies --------------------------------------------------------------------------------

  /**
   * A write accepted: by {@code acks} of {@code replicas} replicas (a majority in cp, this one
   * alone in ap, where copies follow).
   */
  record Written(Item item, int acks, int replicas, String mode) implements CapMessage {}

  /** A read's answer: the item (null when no replica asked holds the key) and how many answered. */
  record Value(String key, Item item, int answered, int replicas, String mode)
      implements CapMessage {}

  /**
   * A cp operation that could not reach a majority: {@code reachable} replicas answered, this one
   * included, of {@code replicas}; {@code majority} were needed.
   */
  record Unavailable(String key, String reason, int reachable, int replicas, int majority)
      implements CapMessage {}

  record Lost(List<LostWrite> writes, long total) implements CapMessage {
    public Lost {
      writes = List.copyOf(writes);
    }
  }

  record Status(String mode, List<String> replicas, int majority, Map<String, Item> items)
      implements CapMessage {
    public Status {
      replicas = List.copyOf(replicas);
      items = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(items));
    }
  }
}
