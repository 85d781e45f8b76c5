package workshop.replication;

import java.util.List;
import java.util.Map;

/**
 * Everything a replication node says: the replication stream between nodes, what clients ask
 * (Redis's commands), and the answers. The names follow Redis's protocol: {@code PSYNC replid
 * offset}, {@code +FULLRESYNC}, {@code +CONTINUE}, {@code REPLCONF ACK offset}. Every message from
 * a primary carries its epoch; with fencing on, a node acts on it (see {@link ReplicationNode}).
 */
public sealed interface ReplicationMessage {
  // ---- replica to primary ---------------------------------------------------------------------

  /**
   * "Continue history {@code replid} after {@code offset}" ({@code ?} and 0 when the replica holds
   * nothing). {@code attempt} numbers the replica's requests so a late answer to an older one is
   * recognised and dropped.
   */
  record Psync(String replid, long offset, long epoch, long attempt) implements ReplicationMessage {
    @Override
    public String toString() {
      return "PSYNC " + Ids.brief(replid) + " " + offset + " (epoch " + epoch + ")";
    }
  }

  /** "I hold everything up to {@code offset}" ({@code REPLCONF ACK}), for sync {@code attempt}. */
  record Ack(String replid, long offset, long attempt) implements ReplicationMessage {
    @Override
    public String toString() {
      return "ACK " + offset;
    }
  }

  // ---- primary to replica ---------------------------------------------------------------------

  /**
   * The answer when the backlog cannot continue the replica: everything, at {@code offset} of
   * history {@code replid}. {@code sharedUpTo} is how far the replica's own history is also this
   * one (-1: unrelated), so it can name the keys it loses.
   */
  record FullResync(
      String replid,
      long offset,
      long epoch,
      long attempt,
      Map<String, String> snapshot,
      long sharedUpTo)
      implements ReplicationMessage {
    public FullResync {
      snapshot = Map.copyOf(snapshot);
    }

    @Override
    public String toString() {
      return "+FULLRESYNC "
          + Ids.brief(replid)
          + " "
          + offset
          + ", "
          + snapshot.size()
          + " keys (epoch "
          + epoch
          + ")";
    }
  }

  /** The answer when it can: the stream follows. {@code replid} is the primary's current id. */
  record Continue(String replid, long epoch, long attempt) implements ReplicationMessage {
    @Override
    public String toString() {
      return "+CONTINUE " + Ids.brief(replid) + " (epoch " + epoch + ")";
    }
  }

  /** Writes in order, as many as waited since the replica's last acknowledgement. */
  record Stream(String replid, long epoch, long attempt, List<Write> writes)
      implements ReplicationMessage {
    public Stream {
      writes = List.copyOf(writes);
    }

    @Override
    public String toString() {
      String shown =
          writes.size() <= 3
              ? writes.toString()
              : "[" + writes.get(0) + " ... " + writes.get(writes.size() - 1) + "]";
      return "STREAM "
          + writes.size()
          + " write"
          + (writes.size() == 1 ? " " : "s ")
          + shown
          + " (epoch "
          + epoch
          + ")";
    }
  }

  /** A heartbeat: nothing new since {@code offset}. Also how a new primary tells the old one. */
  record Ping(String replid, long epoch, long offset) implements ReplicationMessage {
    @Override
    public String toString() {
      return "PING @" + offset + " (epoch " + epoch + ")";
    }
  }

  // ---- refusals between nodes -----------------------------------------------------------------

  /** "I am not a primary"; {@code follows} is the node this one replicates from. */
  record NotPrimary(String follows) implements ReplicationMessage {}

  /**
   * "I do not know that sync": a primary's answer to an acknowledgement of a sync it has no record
   * of (it restarted, or forgot the replica). The replica of that {@code attempt} asks again.
   */
  record Resync(long attempt) implements ReplicationMessage {}

  /** "Your epoch is over: {@code primary} leads epoch {@code epoch}" (fencing). */
  record Fenced(long epoch, String primary) implements ReplicationMessage {}

  // ---- client requests ------------------------------------------------------------------------

  record Set(String key, String value) implements ReplicationMessage {
    @Override
    public String toString() {
      return "SET " + key + " " + value;
    }
  }

  record Del(String key) implements ReplicationMessage {
    @Override
    public String toString() {
      return "DEL " + key;
    }
  }

  record Get(String key) implements ReplicationMessage {
    @Override
    public String toString() {
      return "GET " + key;
    }
  }

  /** {@code WAIT numreplicas timeout}: timeout 0 waits for ever, as in Redis. */
  record Wait(int replicas, long timeoutMillis) implements ReplicationMessage {
    @Override
    public String toString() {
      return "WAIT " + replicas + " " + timeoutMillis;
    }
  }

  /** {@code REPLICAOF primary}, or {@code REPLICAOF NO ONE} when {@code primary} is null. */
  record ReplicaOf(String primary) implements ReplicationMessage {
    @Override
    public String toString() {
      return "REPLICAOF " + (primary == null ? "NO ONE" : primary);
    }
  }

  /** {@code ROLE} / {@code INFO replication}. */
  record ReadInfo() implements ReplicationMessage {
    @Override
    public String toString() {
      return "INFO replication";
    }
  }

  // ---- replies --------------------------------------------------------------------------------

  /** A write applied at {@code offset}; {@code acks} replicas held it when this was sent. */
  record Written(long offset, int acks) implements ReplicationMessage {
    @Override
    public String toString() {
      return "OK @" + offset + (acks == 0 ? "" : ", acknowledged by " + acks);
    }
  }

  record Value(String key, String value) implements ReplicationMessage {
    @Override
    public String toString() {
      return value == null ? "(nil)" : '"' + value + '"';
    }
  }

  /** {@code WAIT}'s answer: how many replicas acknowledged the offset. */
  record Waited(int replicas) implements ReplicationMessage {
    @Override
    public String toString() {
      return "(integer) " + replicas;
    }
  }

  /** {@code +OK} to REPLICAOF, with what it did. */
  record Done(String what) implements ReplicationMessage {
    @Override
    public String toString() {
      return "OK (" + what + ")";
    }
  }

  record Info(ReplicationInfo info) implements ReplicationMessage {}
}
