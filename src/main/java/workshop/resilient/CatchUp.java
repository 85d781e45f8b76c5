package workshop.resilient;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import workshop.protocol.Effects;

/**
 * Whether a replica that started with nothing may answer reads yet. Replicas persist nothing, so
 * every start is a start from an empty store, and an empty replica's "not found" is not evidence:
 * counted toward R, two of them (or one and a replica that missed the write) outvote the replica
 * that holds an acknowledged write, and the read says the key does not exist. So a replica first
 * asks every peer it can reach for the keys it is a replica of (an anti-entropy offer of its empty
 * digest, which each peer must answer), and answers reads only once each has answered or proved
 * unreachable; meanwhile it says so, and a coordinator counts that as no answer. Writes it takes at
 * once: they only add.
 *
 * <p>This is what a database does with a node that lost its disk: Cassandra's replacement node
 * streams its ranges before it serves reads, a Redis replica with {@code replica-serve-stale-data
 * no} refuses reads while it syncs. The trade-off: for about one round trip after each start, the
 * replica is one of the failures a quorum tolerates; a peer that is paused keeps it waiting for the
 * call timeout. It does not make a cluster survive two failures at once: a peer that is down when
 * the replica catches up cannot give it anything, and if that peer held the only other copy, the
 * write waits for that peer to return.
 *
 * <p>Pure and not thread-safe; the replica drives it.
 */
final class CatchUp {
  private final TreeSet<String> waiting = new TreeSet<>();
  private final List<String> answered = new ArrayList<>();
  private final List<String> unreachable = new ArrayList<>();
  private boolean begun;
  private boolean done;
  private int pulled;

  /** Whether the replica answers reads: it has heard from every peer it asked. */
  boolean done() {
    return done;
  }

  boolean begun() {
    return begun;
  }

  /** The peers not heard from yet, in order. */
  List<String> waitingFor() {
    return List.copyOf(waiting);
  }

  /**
   * Starts waiting for {@code peers} (the replica sends each its offer); with none, it is done at
   * once, since nobody holds anything it could get.
   */
  void begin(List<String> peers, Effects.Builder<?> out) {
    begun = true;
    waiting.addAll(peers);
    if (waiting.isEmpty()) {
      done = true;
      out.event("serves reads", "started with nothing, and no other member is alive to copy from");
    } else {
      out.event(
          "catching up",
          "started with nothing (replicas persist nothing): asks "
              + String.join(", ", waiting)
              + " for its keys before it answers reads");
    }
  }

  /** {@code peer} answered the offer; {@code items} of its items were news here. */
  void answered(String peer, int items, Effects.Builder<?> out) {
    if (waiting.remove(peer)) {
      answered.add(peer);
      pulled += items;
      finishIfDone(out);
    }
  }

  /** The offer to {@code peer} was not delivered: it is down or cut off, and gives nothing. */
  void unreachable(String peer, Effects.Builder<?> out) {
    if (waiting.remove(peer)) {
      unreachable.add(peer);
      finishIfDone(out);
    }
  }

  private void finishIfDone(Effects.Builder<?> out) {
    if (done || !waiting.isEmpty()) {
      return;
    }
    done = true;
    String from = answered.isEmpty() ? "no peer" : String.join(", ", answered);
    out.event(
        "caught up: serves reads",
        "copied "
            + pulled
            + (pulled == 1 ? " key" : " keys")
            + " from "
            + from
            + (unreachable.isEmpty()
                ? ""
                : "; " + String.join(", ", unreachable) + " did not answer (down or cut off)"));
  }
}
