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

  /** A change of node set to measure: the same strategy before and after. */
  public record Change(ShardingStrategy before, ShardingStrategy after) {}

  /** Compares the owners of every key under {@code before} and {@code after}. */
  public static Result between(
      ShardingStrategy before, ShardingStrategy after, Iterable<String> keys) {
    return compare(List.of(new Change(before, after)), keys).get(0);
  }

  /**
   * Measures several changes in one pass over the keys, hashing each key once: what lets the view
   * handle a million keys in a couple of seconds.
   */
  public static List<Result> compare(List<Change> changes, Iterable<String> keys) {
    int c = changes.size();
    List<Map<String, Integer>> was = new ArrayList<>();
    List<Map<String, Integer>> is = new ArrayList<>();
    for (Change change : changes) {
      was.add(zeros(change.before().nodes()));
      is.add(zeros(change.after().nodes()));
    }
    int[] moved = new int[c];
    KeyHash hasher = new KeyHash();
    int total = 0;
    for (String key : keys) {
      BigInteger h = hasher.hash(key);
      for (int i = 0; i < c; i++) {
        String from = changes.get(i).before().ownerOf(key, h);
        String to = changes.get(i).after().ownerOf(key, h);
        was.get(i).merge(from, 1, Integer::sum);
        is.get(i).merge(to, 1, Integer::sum);
        if (!from.equals(to)) {
          moved[i]++;
        }
      }
      total++;
    }
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < c; i++) {
      results.add(
          new Result(changes.get(i).before().name(), total, moved[i], was.get(i), is.get(i)));
    }
    return results;
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
