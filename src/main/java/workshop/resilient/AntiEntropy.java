package workshop.resilient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import workshop.protocol.Effects;
import workshop.quorum.ReplicaStore;
import workshop.quorum.Versioned;
import workshop.sharding.HashRing;

/**
 * The comparison at the heart of anti-entropy (Dynamo's, and module 07's gossip in another form):
 * given what a peer holds (its digest: key to version) and what this replica holds, which items the
 * peer should be given and which keys this replica should ask for. Only keys both sides are
 * replicas of count, by the one ring the registry places keys on: a replica never fills up with
 * keys it does not own. Pure: the same inputs give the same plan.
 *
 * <p>Trade-off: the whole digest travels in every round, one entry per key, which is simple and
 * enough for a classroom's thousands of keys; Dynamo and Cassandra compare Merkle trees instead, so
 * two replicas that agree exchange one hash, not every version.
 */
public final class AntiEntropy {
  /**
   * What to do after comparing with a peer.
   *
   * @param give items the peer lacks or holds older, among keys it is a replica of
   * @param want keys this replica lacks or holds older, among keys it is a replica of
   */
  public record Plan(List<ReplicaMessage.Item> give, List<String> want) {
    public boolean isEmpty() {
      return give.isEmpty() && want.isEmpty();
    }
  }

  private AntiEntropy() {}

  /**
   * @param me this replica's name
   * @param peer the other replica's name
   * @param theirs the peer's digest
   * @param mine this replica's store
   * @param ring the members' ring; {@code replicas} per key
   */
  public static Plan compare(
      String me,
      String peer,
      Map<String, Long> theirs,
      ReplicaStore mine,
      HashRing ring,
      int replicas) {
    List<ReplicaMessage.Item> give = new ArrayList<>();
    for (var e : mine.digest().entrySet()) {
      String key = e.getKey();
      if (theirs.getOrDefault(key, 0L) < e.getValue()
          && ring.preferenceList(key, replicas).contains(peer)) {
        Versioned v = mine.get(key).orElseThrow();
        give.add(new ReplicaMessage.Item(key, v.value(), v.version()));
      }
    }
    List<String> want = new ArrayList<>();
    for (var e : new java.util.TreeMap<>(theirs).entrySet()) {
      long held = mine.get(e.getKey()).map(Versioned::version).orElse(0L);
      if (e.getValue() > held && ring.preferenceList(e.getKey(), replicas).contains(me)) {
        want.add(e.getKey());
      }
    }
    return new Plan(give, want);
  }

  /** Those of {@code items} newer than what {@code store} holds: what applying them changes. */
  public static List<ReplicaMessage.Item> newer(
      List<ReplicaMessage.Item> items, ReplicaStore store) {
    List<ReplicaMessage.Item> news = new ArrayList<>();
    for (ReplicaMessage.Item item : items) {
      if (store.get(item.key()).map(v -> v.version() < item.version()).orElse(true)) {
        news.add(item);
      }
    }
    return news;
  }

  /** The items of {@code keys} this store holds, to answer a peer's wants. */
  public static List<ReplicaMessage.Item> items(List<String> keys, ReplicaStore store) {
    List<ReplicaMessage.Item> items = new ArrayList<>();
    for (String key : keys) {
      store
          .get(key)
          .ifPresent(v -> items.add(new ReplicaMessage.Item(key, v.value(), v.version())));
    }
    return items;
  }

  /**
   * Applies {@code items} from {@code peer} to {@code store}; returns the event that explains what
   * changed, or nothing when no item was newer than what the store holds.
   */
  public static Optional<Effects.Event> apply(
      List<ReplicaMessage.Item> items, String peer, ReplicaStore store) {
    List<ReplicaMessage.Item> applied = new ArrayList<>();
    long had = 0;
    for (ReplicaMessage.Item item : items) {
      long before = store.get(item.key()).map(Versioned::version).orElse(0L);
      if (store.apply(item.key(), new Versioned(item.value(), item.version()))) {
        applied.add(item);
        had = before;
      }
    }
    if (applied.isEmpty()) {
      return Optional.empty();
    }
    if (applied.size() == 1) {
      return Optional.of(
          new Effects.Event(
              "anti-entropy: pulled " + applied.get(0) + " from " + peer,
              had == 0 ? "this replica had no copy" : "this replica had v" + had));
    }
    List<String> some = applied.stream().limit(3).map(Object::toString).toList();
    String more = applied.size() > 3 ? " and " + (applied.size() - 3) + " more" : "";
    return Optional.of(
        new Effects.Event(
            "anti-entropy: pulled "
                + applied.size()
                + " keys from "
                + peer
                + " ("
                + String.join(", ", some)
                + more
                + ")",
            "this replica lacked them or held older versions"));
  }
}
