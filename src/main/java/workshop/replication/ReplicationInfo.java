package workshop.replication;

import java.util.List;

/**
 * What {@code INFO replication} and {@code ROLE} show, as of one instant: an immutable snapshot for
 * shells and views.
 *
 * @param role "primary" or "replica"
 * @param master the primary a replica follows (null on a primary)
 * @param linkUp a replica's {@code master_link_status}: up once synced and heard from in time
 * @param lastIoMillisAgo since a replica last heard from its primary
 * @param syncing a replica waiting for its full or partial sync
 * @param readOnlyReason why a node that was a primary refuses writes (fencing), or null
 * @param replicas a primary's replicas, by name
 */
public record ReplicationInfo(
    String name,
    String role,
    long epoch,
    String replid,
    String replid2,
    long replid2Offset,
    long offset,
    long backlogFirst,
    int backlogSize,
    List<Link> replicas,
    String master,
    boolean linkUp,
    long lastIoMillisAgo,
    boolean syncing,
    String readOnlyReason,
    int keys) {

  public ReplicationInfo {
    replicas = List.copyOf(replicas);
  }

  /**
   * One replica as its primary sees it.
   *
   * @param state "online", "sync" (a full sync on its way) or "offline" (silent too long)
   * @param acked the offset it acknowledged (-1 until its full sync is acknowledged)
   * @param lagWrites writes it has not acknowledged
   * @param lagMillis how long the oldest of them has waited
   * @param lastAckMillisAgo since its last acknowledgement
   */
  public record Link(
      String name,
      String state,
      long acked,
      long lagWrites,
      long lagMillis,
      long lastAckMillisAgo) {}

  public boolean primary() {
    return role.equals("primary");
  }
}
