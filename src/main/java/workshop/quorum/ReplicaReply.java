package workshop.quorum;

/** What one replica said to a quorum read, in the order the coordinator asked them. */
public sealed interface ReplicaReply {
  String replica();

  /** The replica answered with a value. */
  record Found(String replica, Versioned value) implements ReplicaReply {}

  /** The replica answered: it has no value for the key. Counts toward R. */
  record Missing(String replica) implements ReplicaReply {}

  /** No answer (down, partitioned, timed out). Does not count. */
  record Unreachable(String replica, String reason) implements ReplicaReply {}
}
