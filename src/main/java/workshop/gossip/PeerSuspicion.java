package workshop.gossip;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which peers have stopped answering. After {@code suspectAfter} consecutive failed calls a peer is
 * suspected: rounds skip it, except that every {@code retryEvery}-th round probes one suspected
 * peer, so a peer that comes back is noticed. One successful call trusts it again. The original
 * tried dead neighbours forever, wasting one round in three after a kill; memberlist's suspicion
 * (with its timeouts and refutations) is the grown-up version. Not thread-safe.
 */
final class PeerSuspicion {
  private final int suspectAfter;
  private final Map<Integer, Integer> failures = new HashMap<>();
  private final TreeSet<Integer> suspected = new TreeSet<>();

  PeerSuspicion(int suspectAfter) {
    this.suspectAfter = suspectAfter;
  }

  boolean isSuspected(int peer) {
    return suspected.contains(peer);
  }

  List<Integer> suspected() {
    return new ArrayList<>(suspected);
  }

  Optional<PeerChange> onFailure(int peer, String reason, Instant now) {
    int n = failures.merge(peer, 1, Integer::sum);
    if (n == suspectAfter && suspected.add(peer)) {
      return Optional.of(
          new PeerChange(
              peer,
              true,
              n + " consecutive calls failed (last: " + reason + "); trying it less often",
              now));
    }
    return Optional.empty();
  }

  Optional<PeerChange> onSuccess(int peer, Instant now) {
    Integer n = failures.remove(peer);
    if (suspected.remove(peer)) {
      return Optional.of(
          new PeerChange(peer, false, "answered again after " + n + " failed calls", now));
    }
    return Optional.empty();
  }
}
