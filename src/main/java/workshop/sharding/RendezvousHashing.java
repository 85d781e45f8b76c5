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
  private final KeyHash hasher = new KeyHash();

  public RendezvousHashing(List<String> nodes) {
    this.nodes = ShardingStrategy.checkNodes(nodes);
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
      BigInteger score = hasher.hash(key + node);
      if (bestScore == null || score.compareTo(bestScore) > 0) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  @Override
  public RendezvousHashing withNode(String node) {
    return new RendezvousHashing(ShardingStrategy.plus(nodes, node));
  }

  @Override
  public RendezvousHashing withoutNode(String node) {
    return new RendezvousHashing(ShardingStrategy.minus(nodes, node));
  }

  @Override
  public String toString() {
    return "Rendezvous" + nodes;
  }
}
