package workshop.sharding;

import java.math.BigInteger;
import java.util.List;

/**
 * Which node owns a key. Implementations are immutable values over a fixed node list: adding or
 * removing a node returns a new strategy, so "before" and "after" can be compared key by key.
 *
 * <p>Not thread-safe (each holds a reusable {@link KeyHash}); callers serialize access.
 */
public sealed interface ShardingStrategy permits ModuloHashing, HashRing, RendezvousHashing {

  /** The strategy's name as the original printed it: MODULO, CONSISTENT_HASHING, RENDEZVOUS. */
  String name();

  /** The nodes, in the order they were added. */
  List<String> nodes();

  /** The owner of {@code key}, whose SHA-256 the caller already computed (a loop hashes once). */
  String ownerOf(String key, BigInteger keyHash);

  /** The owner of {@code key}. */
  default String ownerOf(String key) {
    return ownerOf(key, KeyHash.of(key));
  }

  /** The same strategy with one more node. */
  ShardingStrategy withNode(String node);

  /** The same strategy without {@code node}. */
  ShardingStrategy withoutNode(String node);

  /** Checks a node list: at least one node, no blank or duplicate names. */
  static List<String> checkNodes(List<String> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a sharding strategy needs at least one node");
    }
    for (String n : nodes) {
      if (n == null || n.isBlank()) {
        throw new IllegalArgumentException("a node name must not be blank");
      }
    }
    if (nodes.stream().distinct().count() != nodes.size()) {
      throw new IllegalArgumentException("node names must be unique, got " + nodes);
    }
    return List.copyOf(nodes);
  }

  /** {@code nodes} plus {@code node}, refusing a duplicate. */
  static List<String> plus(List<String> nodes, String node) {
    if (nodes.contains(node)) {
      throw new IllegalArgumentException("node '" + node + "' is already in " + nodes);
    }
    List<String> more = new java.util.ArrayList<>(nodes);
    more.add(node);
    return more;
  }

  /** {@code nodes} minus {@code node}, refusing an unknown or the last node. */
  static List<String> minus(List<String> nodes, String node) {
    if (!nodes.contains(node)) {
      throw new IllegalArgumentException("node '" + node + "' is not one of " + nodes);
    }
    if (nodes.size() == 1) {
      throw new IllegalArgumentException(
          "cannot remove '"
              + node
              + "': it is the last node and its keys would have nowhere to go");
    }
    List<String> fewer = new java.util.ArrayList<>(nodes);
    fewer.remove(node);
    return fewer;
  }

  /** Builds a strategy by name: modulo, consistent or rendezvous. */
  static ShardingStrategy named(String name, List<String> nodes) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "modulo" -> new ModuloHashing(nodes);
      case "consistent" -> new HashRing(nodes, HashRing.DEFAULT_VIRTUAL_NODES);
      case "rendezvous" -> new RendezvousHashing(nodes);
      default ->
          throw new IllegalArgumentException(
              "unknown strategy '" + name + "'; use modulo, consistent or rendezvous");
    };
  }
}
