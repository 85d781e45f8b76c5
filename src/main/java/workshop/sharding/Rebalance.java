package workshop.sharding;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changing the node set does to a set of keys: how many change owner, and each node's share
 * before and after. The view, the router and the tests all count moves here.
 *
 * <p>Keys are streamed, not stored, so a million keys need no more memory than a thousand.
 */
public final class Rebalance {
  private Rebalance() {}

  /**
   * @param moved keys whose owner differs between before and after
   * @param before keys per node before, in the before strategy's node order
   * @param after keys per node after, in the after strategy's node order
   */
  public record Result(
      String strategy,
      int total,
      int moved,
      Map<String, Integer> before,
      Map<String, Integer> after) {
    public double movedPercent() {
      return total == 0 ? 0 : 100.0 * moved / total;
    }

    /** Largest share over the mean share after the change: 1.0 is perfectly even. */
    public double spreadAfter() {
      return spread(after, total);
    }

    public double spreadBefore() {
      return spread(before, total);
    }
  }

  /** One key that changes owner. */
  public record Move(String key, String from, String to) {}

  /** The keys {@code key_0 .. key_<count-1>}, the original's key names. */
  public static Iterable<String> numberedKeys(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("the key count must be at least 1, got " + count);
    }
    return () ->
        new java.util.Iterator<>() {
          int next = 0;

          @Override
          public boolean hasNext() {
            return next < count;
          }

          @Override
          public String next() {
            return "key_" + next++;
          }
        };
  }

  /** Compares the owners of every key under {@code before} and {@code after}. */
  public static Result between(
      ShardingStrategy before, ShardingStrategy after, Iterable<String> keys) {
    Map<String, Integer> was = zeros(before.nodes());
    Map<String, Integer> is = zeros(after.nodes());
    KeyHash hasher = new KeyHash();
    int total = 0;
    int moved = 0;
    for (String key : keys) {
      BigInteger h = hasher.hash(key);
      String from = before.ownerOf(key, h);
      String to = after.ownerOf(key, h);
      was.merge(from, 1, Integer::sum);
      is.merge(to, 1, Integer::sum);
      total++;
      if (!from.equals(to)) {
        moved++;
      }
    }
    return new Result(before.name(), total, moved, was, is);
  }

  /** Every key that changes owner, in the order given. */
  public static List<Move> moves(
      ShardingStrategy before, ShardingStrategy after, Iterable<String> keys) {
    KeyHash hasher = new KeyHash();
    List<Move> moves = new ArrayList<>();
    for (String key : keys) {
      BigInteger h = hasher.hash(key);
      String from = before.ownerOf(key, h);
      String to = after.ownerOf(key, h);
      if (!from.equals(to)) {
        moves.add(new Move(key, from, to));
      }
    }
    return moves;
  }

  /** Max share / mean share; 1.0 is perfectly even. */
  public static double spread(Map<String, Integer> shares, int total) {
    if (shares.isEmpty() || total == 0) {
      return 1.0;
    }
    int max = shares.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    return max / ((double) total / shares.size());
  }

  private static Map<String, Integer> zeros(List<String> nodes) {
    Map<String, Integer> m = new LinkedHashMap<>();
    nodes.forEach(n -> m.put(n, 0));
    return m;
  }
}
