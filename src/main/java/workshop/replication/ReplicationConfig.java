package workshop.replication;

import java.time.Duration;

/**
 * How a replication node behaves. Immutable and validated; messages name the allowed range.
 *
 * @param backlog writes the backlog keeps for partial resyncs
 * @param maxBatch most writes one stream message carries
 * @param heartbeat how often a primary pings idle replicas and checks its links, and a replica its
 * @param linkTimeout silence after which a link is down (Redis's {@code repl-timeout})
 * @param fencing whether epochs are acted on: a node that sees a higher one steps down
 * @param minReplicas {@code min-replicas-to-write}: a write waits for this many acknowledgements
 * @param minReplicasTimeout how long such a write waits before it fails with NOREPLICAS
 * @param persistData whether the keys survive a restart (an append-only log), or only the role
 */
public record ReplicationConfig(
    int backlog,
    int maxBatch,
    Duration heartbeat,
    Duration linkTimeout,
    boolean fencing,
    int minReplicas,
    Duration minReplicasTimeout,
    boolean persistData) {

  /** 10,000 writes: at a thousand writes a second, ten seconds of disconnection still continue. */
  public static final int BACKLOG = 10_000;

  /**
   * 1,000 writes per message: enough that a replica under load gets many writes per round trip,
   * small enough that one message stays well under a megabyte.
   */
  public static final int MAX_BATCH = 1_000;

  /** 1 s: Redis's replicas acknowledge once a second, so link status is never older than that. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(1);

  /**
   * 5 s: a link is down after five missed heartbeats. Redis waits 60 s ({@code repl-timeout}); a
   * lesson cannot, and five beats still ride out a single lost one.
   */
  public static final Duration LINK_TIMEOUT = Duration.ofSeconds(5);

  /** 1 s: Redis's WAIT has no default; a second is long on loopback and short for a student. */
  public static final Duration MIN_REPLICAS_TIMEOUT = Duration.ofSeconds(1);

  /**
   * Fencing off, as in Redis; min-replicas-to-write 0 (asynchronous); data not persisted by the
   * node: a server keeps its keys in its own append-only log, and copying every key after every
   * write is for the simulator, whose scenarios turn it on ({@link #withPersistedData}).
   */
  public static final ReplicationConfig DEFAULTS =
      new ReplicationConfig(
          BACKLOG, MAX_BATCH, HEARTBEAT, LINK_TIMEOUT, false, 0, MIN_REPLICAS_TIMEOUT, false);

  public ReplicationConfig {
    range("backlog", backlog, 1, 10_000_000);
    range("max batch", maxBatch, 1, 100_000);
    range("min-replicas-to-write", minReplicas, 0, 100);
    atLeast("heartbeat", heartbeat, 10);
    atLeast("link timeout", linkTimeout, 10);
    atLeast("min-replicas timeout", minReplicasTimeout, 1);
    if (linkTimeout.compareTo(heartbeat) <= 0) {
      throw new IllegalArgumentException(
          "the link timeout ("
              + linkTimeout.toMillis()
              + " ms) must be longer than the heartbeat ("
              + heartbeat.toMillis()
              + " ms), or every quiet link would look down");
    }
  }

  public ReplicationConfig withFencing(boolean on) {
    return new ReplicationConfig(
        backlog,
        maxBatch,
        heartbeat,
        linkTimeout,
        on,
        minReplicas,
        minReplicasTimeout,
        persistData);
  }

  public ReplicationConfig withPersistedData(boolean on) {
    return new ReplicationConfig(
        backlog, maxBatch, heartbeat, linkTimeout, fencing, minReplicas, minReplicasTimeout, on);
  }

  public ReplicationConfig withBacklog(int writes) {
    return new ReplicationConfig(
        writes,
        maxBatch,
        heartbeat,
        linkTimeout,
        fencing,
        minReplicas,
        minReplicasTimeout,
        persistData);
  }

  public ReplicationConfig withMinReplicas(int n, Duration timeout) {
    return new ReplicationConfig(
        backlog, maxBatch, heartbeat, linkTimeout, fencing, n, timeout, persistData);
  }

  public ReplicationConfig withTimes(Duration beat, Duration timeout) {
    return new ReplicationConfig(
        backlog, maxBatch, beat, timeout, fencing, minReplicas, minReplicasTimeout, persistData);
  }

  private static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be from " + min + " to " + max + ", got " + value);
    }
  }

  private static void atLeast(String name, Duration d, long millis) {
    if (d.toMillis() < millis) {
      throw new IllegalArgumentException(
          "the " + name + " must be at least " + millis + " ms, got " + d.toMillis() + " ms");
    }
  }
}
