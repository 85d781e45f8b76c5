package workshop.gossip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which peers have stopped answering. After {@code suspectAfter} failed calls in a row (with no
 * word from the peer in between) a peer is suspected: rounds skip it, except that every {@code
 * retryEvery}-th round probes one suspected peer, so a peer that comes back is noticed. Any message
 * from a peer trusts it again. The original tried dead neighbours forever, wasting one round in
 * three after a kill; memberlist's suspicion (with its timeouts and refutations) is the grown-up
 * version. Not thread-safe.
 */
final class PeerSuspicion {
  private final int suspectAfter;
  private final Map<String, Integer> failures = new HashMap<>();
  private final TreeSet<String> suspected = new TreeSet<>();

  PeerSuspicion(int suspectAfter) {
    this.suspectAfter = suspectAfter;
  }

  boolean isSuspected(String peer) {
    return !suspected.isEmpty() && suspected.contains(peer);
  }

  boolean any() {
    return !suspected.isEmpty();
  }

  List<String> suspected() {
    return new ArrayList<>(suspected);
  }

  Optional<PeerChange> onFailure(String peer, String reason) {
    int n = failures.merge(peer, 1, Integer::sum);
    if (n == suspectAfter && suspected.add(peer)) {
      return Optional.of(
          new PeerChange(
              peer,
              true,
              n + " consecutive calls failed (last: " + reason + "); trying it less often"));
    }
    return Optional.empty();
  }

  /** A message came from {@code peer}: it is alive. */
  Optional<PeerChange> onHeardFrom(String peer) {
    if (failures.isEmpty()) {
      return Optional.empty();
    }
    Integer n = failures.remove(peer);
    if (suspected.remove(peer)) {
      return Optional.of(
          new PeerChange(peer, false, "answered again after " + n + " failed calls"));
    }
    return Optional.empty();
  }
}
