package workshop.sharding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Consistent hashing (Karger et al., 1997) with virtual nodes, as Dynamo, Cassandra and Riak use.
 *
 * <p>Each node is placed on a ring of 2^256 positions at {@code SHA-256("<node>-<i>")} for i = 0 ..
 * virtualNodes-1. A key belongs to the first position <em>strictly greater</em> than its own hash,
 * wrapping past the top to the smallest position (the original's {@code bisect_right}; a ring that
 * used "greater or equal" would differ only if a key hashed exactly onto a position).
 *
 * <p>Invariant: adding a node only takes keys from others (every key that moves, moves to the new
 * node); removing one only hands its keys on. So about 1/(n+1) of keys move when the n+1-th node
 * joins. Virtual nodes trade memory for evenness: with 1 position per node the shares are very
 * uneven; with 100 each node owns close to 1/n.
 *
 * <p>Two positions that collide (never seen with SHA-256) go to the node added first, so the ring
 * does not depend on map iteration order. Immutable; lookups are a binary search over a sorted
 * array.
 */
public final class HashRing implements ShardingStrategy {
  /** The original's 100: enough that each of 3-4 nodes owns within about 20 % of its fair share. */
  public static final int DEFAULT_VIRTUAL_NODES = 100;

  /** 2^256: SHA-256 values, and so positions, lie in [0, RING_SIZE). */
  private static final BigInteger RING_SIZE = BigInteger.ONE.shiftLeft(256);

  private final List<String> nodes;
  private final int virtualNodes;
  private final BigInteger[] positions;
  private final String[] owners;

  public HashRing(List<String> nodes, int virtualNodes) {
    if (virtualNodes < 1 || virtualNodes > 10_000) {
      throw new IllegalArgumentException(
          "virtual nodes must be between 1 and 10000, got " + virtualNodes);
    }
    this.nodes = ShardingStrategy.checkNodes(nodes);
    this.virtualNodes = virtualNodes;
    KeyHash hasher = new KeyHash();
    TreeMap<BigInteger, String> ring = new TreeMap<>();
    for (String node : this.nodes) {
      for (int i = 0; i < virtualNodes; i++) {
        ring.putIfAbsent(hasher.hash(node + "-" + i), node);
      }
    }
    positions = ring.keySet().toArray(BigInteger[]::new);
    owners = ring.values().toArray(String[]::new);
  }

  @Override
  public String name() {
    return "CONSISTENT_HASHING";
  }

  @Override
  public List<String> nodes() {
    return nodes;
  }

  public int virtualNodes() {
    return virtualNodes;
  }

  @Override
  public String ownerOf(String key, BigInteger keyHash) {
    return owners[successor(keyHash)];
  }

  /** Index of the first position strictly greater than {@code hash}, wrapping to 0. */
  private int successor(BigInteger hash) {
    int i = Arrays.binarySearch(positions, hash);
    // Found exactly: the next one. Not found: binarySearch returns -(insertion point) - 1.
    int next = i >= 0 ? i + 1 : -i - 1;
    return next == positions.length ? 0 : next;
  }

  /**
   * The key's preference list (Dynamo, section 4.3): the first {@code n} distinct nodes met walking
   * clockwise from the key's position. The first is {@link #ownerOf}; the others hold its replicas.
   * Fewer than {@code n} when the ring has fewer nodes.
   */
  public List<String> preferenceList(String key, int n) {
    int want = Math.min(n, nodes.size());
    List<String> list = new ArrayList<>(want);
    int start = successor(KeyHash.of(key));
    for (int step = 0; step < positions.length && list.size() < want; step++) {
      String node = owners[(start + step) % positions.length];
      if (!list.contains(node)) {
        list.add(node);
      }
    }
    return list;
  }

  /**
   * Each node's share of the ring: the fraction of all possible keys it owns, in node order; the
   * shares add up to 1. A node owns the arc that ends at each of its positions (from the previous
   * position, inclusive), which is what {@link #ownerOf} looks up.
   */
  public Map<String, Double> shares() {
    Map<String, BigInteger> arcs = new LinkedHashMap<>();
    nodes.forEach(n -> arcs.put(n, BigInteger.ZERO));
    for (int i = 0; i < positions.length; i++) {
      BigInteger from =
          i == 0 ? positions[positions.length - 1].subtract(RING_SIZE) : positions[i - 1];
      arcs.merge(owners[i], positions[i].subtract(from), BigInteger::add);
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    arcs.forEach((node, arc) -> shares.put(node, fraction(arc)));
    return shares;
  }

  /** A position (or an arc's length) as a fraction of the whole ring, for views. */
  public static double fraction(BigInteger position) {
    return new BigDecimal(position)
        .divide(new BigDecimal(RING_SIZE), MathContext.DECIMAL64)
        .doubleValue();
  }

  /** The ring as position -> node, in ring order (for views and tests). */
  public Map<BigInteger, String> positions() {
    TreeMap<BigInteger, String> copy = new TreeMap<>();
    for (int i = 0; i < positions.length; i++) {
      copy.put(positions[i], owners[i]);
    }
    return copy;
  }

  @Override
  public HashRing withNode(String node) {
    return new HashRing(ShardingStrategy.plus(nodes, node), virtualNodes);
  }

  @Override
  public HashRing withoutNode(String node) {
    return new HashRing(ShardingStrategy.minus(nodes, node), virtualNodes);
  }

  @Override
  public String toString() {
    return "HashRing" + nodes + " x" + virtualNodes;
  }
}
