package workshop.resilient;

import java.util.List;
import java.util.Map;
import workshop.membership.MembershipMessage;

/**
 * Everything a capstone replica says: anti-entropy between replicas, membership with the registry
 * (membership's own messages, wrapped), what clients and the registry ask it (the original's {@code
 * /data}, {@code /replicate}, {@code /digest} and friends), and its answers.
 */
public sealed interface ReplicaMessage {
  /** A key's value at a version, as replicas copy it to each other. */
  record Item(String key, String value, long version) {
    @Override
    public String toString() {
      return key + " v" + version;
    }
  }

  // ---- anti-entropy, between replicas ---------------------------------------------------------

  /**
   * "Here is every key I hold, with its version": the first message of a round. An offer from a
   * replica {@code catchingUp} (it started with nothing) is always answered, with an empty {@link
   * Repair} if need be, so that it knows when every peer has been heard.
   */
  record Offer(Map<String, Long> versions, boolean catchingUp) implements ReplicaMessage {
    public Offer {
      versions = Map.copyOf(versions);
    }

    /** A round's offer. */
    public Offer(Map<String, Long> versions) {
      this(versions, false);
    }

    @Override
    public String toString() {
      return "Offer " + new java.util.TreeMap<>(versions) + (catchingUp ? " (catching up)" : "");
    }
  }

  /**
   * The answer to an {@link Offer}: the {@code items} the offerer lacks (or holds older) among the
   * keys it replicates, and the keys {@code wanted} back, which the answerer lacks.
   */
  record Repair(List<Item> items, List<String> wanted) implements ReplicaMessage {
    public Repair {
      items = List.copyOf(items);
      wanted = List.copyOf(wanted);
    }

    @Override
    public String toString() {
      return "Repair items " + items + " wanted " + wanted;
    }
  }

  /** The items a {@link Repair} asked for: the round's last message. */
  record Items(List<Item> items) implements ReplicaMessage {
    public Items {
      items = List.copyOf(items);
    }

    @Override
    public String toString() {
      return "Items " + items;
    }
  }

  // ---- membership, with the registry ----------------------------------------------------------

  /** A membership message to or from the registry, or a client's request to leave. */
  record Membership(MembershipMessage message) implements ReplicaMessage {
    @Override
    public String toString() {
      return message.toString();
    }
  }

  // ---- client requests ------------------------------------------------------------------------

  /** A direct write; a {@code version} of 0 stores one above what this replica has. */
  record Write(String key, String value, long version) implements ReplicaMessage {
    @Override
    public String toString() {
      return "Write " + key + "=" + value + (version > 0 ? " v" + version : "");
    }
  }

  /** A copy from the registry, the smart client or a hand-off: kept if newer. */
  record Replicate(String key, String value, long version, String source)
      implements ReplicaMessage {
    @Override
    public String toString() {
      return "Replicate " + key + "=" + value + " v" + version;
    }
  }

  record Read(String key) implements ReplicaMessage {
    @Override
    public String toString() {
      return "Read " + key;
    }
  }

  /** Every key with its version ({@code GET /digest}, {@code GET /keys}). */
  record ReadDigest() implements ReplicaMessage {
    @Override
    public String toString() {
      return "ReadDigest";
    }
  }

  /** How the replica is doing ({@code GET /health}, {@code GET /stats}). */
  record ReadStatus() implements ReplicaMessage {
    @Override
    public String toString() {
      return "ReadStatus";
    }
  }

  // ---- replies --------------------------------------------------------------------------------

  record Stored(String key, String value, long version) implements ReplicaMessage {
    @Override
    public String toString() {
      return "Stored " + key + "=" + value + " v" + version;
    }
  }

  record Accepted(long version) implements ReplicaMessage {
    @Override
    public String toString() {
      return "Accepted v" + version;
    }
  }

  /**
   * A replicate of {@code offered} older than (or as old as) what the replica holds, and what it
   * holds.
   */
  record Rejected(long offered, long currentVersion, String currentValue)
      implements ReplicaMessage {
    @Override
    public String toString() {
      return "Rejected v" + offered + ": holds v" + currentVersion;
    }
  }

  record Found(String key, String value, long version) implements ReplicaMessage {
    @Override
    public String toString() {
      return "Found " + key + "=" + value + " v" + version;
    }
  }

  record Missing(String key) implements ReplicaMessage {
    @Override
    public String toString() {
      return "Missing " + key;
    }
  }

  /**
   * The answer to a read while the replica catches up after a start: neither found nor missing,
   * since it does not know yet. A coordinator counts it as no answer.
   */
  record CatchingUp(String key, List<String> waitingFor) implements ReplicaMessage {
    public CatchingUp {
      waitingFor = List.copyOf(waitingFor);
    }

    @Override
    public String toString() {
      return "CatchingUp " + key + ": waits for " + waitingFor;
    }
  }

  /** Every key the replica holds with its version, in key order. */
  record Versions(Map<String, Long> versions) implements ReplicaMessage {
    public Versions {
      versions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(versions));
    }
  }

  /**
   * A replica's state at a glance.
   *
   * @param peers the other members of the ring, as the registry last said
   * @param keys the first ten keys it holds, in order
   * @param registered whether the registry answered its last heartbeat (true with fixed members)
   * @param caughtUp whether it answers reads: it has heard from its peers since it started
   */
  record Status(
      int dataCount,
      List<String> peers,
      List<String> keys,
      long repairs,
      boolean registered,
      boolean caughtUp)
      implements ReplicaMessage {
    public Status {
      peers = List.copyOf(peers);
      keys = List.copyOf(keys);
    }
  }
}
