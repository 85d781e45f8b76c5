package workshop.sharding;

import java.math.BigInteger;
import java.util.List;

/**
 * Rendezvous or highest-random-weight hashing (Thaler and Ravishankar, 1996): every node scores
 * every key with {@code SHA-256(key + node)} and the highest score owns it (the original's
 * challenge; ties, never seen with SHA-256, go to the node added first).
 *
 * <p>No ring and no virtual nodes: adding a node moves exactly the keys it now wins, about 1/(n+1)
 * of them, and spreads evenly by construction. The price is n hashes per lookup instead of one hash
 * and a binary search. Not thread-safe (one reusable digest).
 */
public final class RendezvousHashing implements ShardingStrategy {
  private final List<String> nodes;
  private final Scores scores;

  public RendezvousHashing(List<String> nodes) {
    this(nodes, new Scores());
  }

  private RendezvousHashing(List<String> nodes, Scores scores) {
    this.nodes = ShardingStrategy.checkNodes(nodes);
    this.scores = scores;
  }

  /**
   * The scores of the last key asked about. A strategy and the ones derived from it with {@link
   * #withNode}/{@link #withoutNode} share it, so comparing "before" and "after" for a key hashes
   * each node once, not twice: the score of (key, node) does not depend on the other nodes.
   */
  private static final class Scores {
    private final KeyHash hasher = new KeyHash();
    private final java.util.Map<String, BigInteger> ofLastKey = new java.util.HashMap<>();
    private String lastKey;

    BigInteger score(String key, String node) {
      if (!key.equals(lastKey)) {
        ofLastKey.clear();
        lastKey = key;
      }
      return ofLastKey.computeIfAbsent(node, n -> hasher.hash(key + n));
    }
  }

  @Override
  public String name() {
    return "RENDEZVOUS";
  }

  @Override
  public List<String> nodes() {
    return nodes;
  }

  @Override
  public String ownerOf(String key, BigInteger keyHash) {
    String best = null;
    BigInteger bestScore = null;
    for (String node : nodes) {
      BigInteger score = scores.score(key, node);
      if (bestScore == null || score.compareTo(bestScore) > 0) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  @Override
  public RendezvousHashing withNode(String node) {
    return new RendezvousHashing(ShardingStrategy.plus(nodes, node), scores);
  }

  @Override
  public RendezvousHashing withoutNode(String node) {
    return new RendezvousHashing(ShardingStrategy.minus(nodes, node), scores);
  }

  @Override
  public String toString() {
    return "Rendezvous" + nodes;
  }
}
