package workshop.resilient.http;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import workshop.membership.Member;
import workshop.resilient.Placement;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;

/**
 * Gives a joining member every key it will be a replica of, then lets it join the ring. It gathers
 * the cluster's keys from each alive member's digest (or, from the original's nodes, their key
 * list), asks {@link Placement} which of them the newcomer will hold, reads each by quorum from its
 * current replicas (so it copies the latest version) and copies it over. Writes meanwhile reach the
 * newcomer as a pending replica. If the hand-off stops early, the member joins anyway and
 * anti-entropy fills in the rest.
 */
final class HandOff {
  private final RegistryState state;
  private final QuorumCoordinator coordinator;
  private final WebClient admin;

  HandOff(RegistryState state, QuorumCoordinator coordinator, WebClient admin) {
    this.state = state;
    this.coordinator = coordinator;
    this.admin = admin;
  }

  /** Starts the hand-off to {@code id} on a thread of its own and returns at once. */
  void start(String id) {
    Thread.ofVirtual().name("hand-off-" + id).start(() -> run(id));
  }

  private void run(String id) {
    try {
      state.handedOff(id, copyKeysTo(id));
    } catch (RuntimeException e) {
      state.event(
          "hand-off to "
              + id
              + " stopped early: "
              + e.getMessage()
              + "; anti-entropy will fill the rest");
    } finally {
      state.joined(id);
    }
  }

  /** Copies the newcomer's keys to it; returns how many it now holds at the latest version. */
  private int copyKeysTo(String id) {
    Set<String> keys = new TreeSet<>();
    for (Member m : state.alive()) {
      keys.addAll(keysOf(m));
    }
    Placement placement = state.placement();
    int moved = 0;
    for (String key : placement.handedTo(id, keys)) {
      Placement.Replicas p = placement.place(key).orElseThrow();
      List<Placement.Replica> to = p.pending().stream().filter(r -> r.id().equals(id)).toList();
      QuorumCoordinator.ReadOutcome o = coordinator.read(p.config(), key, p.replicas());
      if (o.result().latest().isPresent()
          && coordinator.copy(to.get(0), key, o.result().latest().get())) {
        moved++;
      }
    }
    return moved;
  }

  /**
   * The keys {@code m} holds: its {@code /digest}, or, from a node without one (the original's
   * {@code resilient_node.py}), its {@code /keys}; the copies then go through {@code /data/{key}}
   * and {@code /replicate}, which both kinds of node answer. Nothing from a member that does not
   * answer: the others hold its keys too (N=3).
   */
  private Set<String> keysOf(Member m) {
    try {
      ClientResponse digest = admin.get(m.address() + "/digest");
      if (digest.ok()) {
        return digest.read(ResilientNodeWire.Digest.class).versions().keySet();
      }
      if (digest.status() == 404 || digest.status() == 405) {
        return Set.copyOf(
            admin.get(m.address() + "/keys").read(ResilientNodeWire.Keys.class).keys());
      }
    } catch (RuntimeException e) {
      // Unreachable, or an answer that is not a node's: nothing to gather from it.
    }
    return Set.of();
  }
}
