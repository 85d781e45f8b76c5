package workshop.replication;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import workshop.sim.Invariant;
import workshop.sim.NodeStatus;
import workshop.sim.SimView;

/**
 * The two promises of replication, checked in the simulator after every step, from a ledger of what
 * every primary held at each offset of each history.
 *
 * <ul>
 *   <li><b>Prefix consistency</b>: a node's keys are always exactly what a primary of its history
 *       held at the node's offset. A replica may be behind; it never holds a mix, a gap or a value
 *       no primary had at that point.
 *   <li><b>Acknowledged on N</b>: with {@code min-replicas-to-write N}, when a primary answers a
 *       write OK, N other nodes hold it. (Checked at that moment: a later failover may still lose
 *       it, which is the lesson's split brain. A replica that crashed counts with what it held when
 *       it last ran, which is what it persisted when its data is persisted.)
 * </ul>
 *
 * <p>The ledger follows promotions: a promoted node's new history is its old one up to the offset
 * where they part, so a replica that continued across the promotion is checked against the old
 * history's records.
 */
public final class HistoryLedger {
  private record Point(String replid, long offset) {}

  private final Map<Point, Map<String, String>> held = new HashMap<>();
  private final Map<String, Point> parent = new HashMap<>();
  private final Map<String, Long> confirmedSeen = new HashMap<>();
  // Each node as last seen running: what a crashed node persisted, when its data is persisted.
  private final Map<String, Point> lastSeen = new HashMap<>();

  public List<Invariant<ReplicationMessage>> invariants() {
    return List.of(
        Invariant.of(
            "a node's keys are its primary's keys at the node's offset (prefix consistency)",
            this::prefixViolation),
        Invariant.of(
            "with min-replicas-to-write N, a write answered OK is on N replicas",
            this::acknowledgedViolation));
  }

  private String prefixViolation(SimView<ReplicationMessage> world, String stepped) {
    for (String name : stepped == null ? world.nodes() : List.of(stepped)) {
      if (world.status(name) == NodeStatus.DOWN
          || !(world.node(name) instanceof ReplicationNode n)
          || Dataset.NONE.equals(n.replid())) {
        continue;
      }
      if (n.isPrimary()) {
        if (!Dataset.NONE.equals(n.replid2()) && !n.replid().equals(n.replid2())) {
          parent.putIfAbsent(n.replid(), new Point(n.replid2(), n.replid2Offset()));
        }
        held.putIfAbsent(new Point(n.replid(), n.offset()), Map.copyOf(n.keys()));
      }
      Map<String, String> expected = lookup(n.replid(), n.offset());
      if (expected == null) {
        return name
            + " is at offset "
            + n.offset()
            + " of history "
            + Ids.brief(n.replid())
            + ", which no primary reached";
      }
      if (!expected.equals(n.keys())) {
        return name
            + " holds "
            + n.keys()
            + " at offset "
            + n.offset()
            + " of "
            + Ids.brief(n.replid())
            + ", but its primary held "
            + expected;
      }
    }
    return null;
  }

  private Map<String, String> lookup(String replid, long offset) {
    Map<String, String> found = held.get(new Point(replid, offset));
    Point up = parent.get(replid);
    return found != null || up == null || offset > up.offset()
        ? found
        : lookup(up.replid(), offset);
  }

  /**
   * Whether a node at {@code offset} of {@code replid} holds write {@code at} of {@code target}.
   */
  private boolean holds(String replid, long offset, String target, long at) {
    if (offset < at) {
      return false;
    }
    if (replid.equals(target)) {
      return true;
    }
    Point up = parent.get(replid);
    return up != null && holds(up.replid(), Math.min(offset, up.offset()), target, at);
  }

  private String acknowledgedViolation(SimView<ReplicationMessage> world, String stepped) {
    for (String name : stepped == null ? world.nodes() : List.of(stepped)) {
      if (world.node(name) instanceof ReplicationNode r) {
        lastSeen.put(name, new Point(r.replid(), r.offset()));
      }
    }
    if (stepped == null || !(world.node(stepped) instanceof ReplicationNode p) || !p.isPrimary()) {
      return null;
    }
    long confirmed = p.confirmedOffset();
    Long before = confirmedSeen.put(stepped + "/" + p.replid(), confirmed);
    if (confirmed == 0 || (before != null && before == confirmed)) {
      return null;
    }
    int on = 0;
    List<String> where = new java.util.ArrayList<>();
    for (String other : world.nodes()) {
      Point at = lastSeen.get(other);
      if (other.equals(stepped) || at == null) {
        continue;
      }
      where.add(
          other
              + " "
              + world.status(other).label()
              + " @"
              + at.offset()
              + " of "
              + Ids.brief(at.replid()));
      if (holds(at.replid(), at.offset(), p.replid(), confirmed)) {
        on++;
      }
    }
    int n = p.config().minReplicas();
    return on >= n
        ? null
        : stepped
            + " answered OK to the write at offset "
            + confirmed
            + " of "
            + Ids.brief(p.replid())
            + ", which is on "
            + on
            + " replicas, not "
            + n
            + " ("
            + String.join(", ", where)
            + ")";
  }
}
