package workshop.sim;

import java.time.Instant;
import java.util.List;
import workshop.protocol.ProtocolNode;

/**
 * What invariants and observers may look at: the nodes, their status and clocks, and virtual time.
 * Read only by convention: never call a node's handlers through it.
 *
 * @param <M> the protocol's message type
 */
public interface SimView<M> {
  /** Every node's name, in the order they were given. */
  List<String> nodes();

  NodeStatus status(String node);

  /** The node's current instance, or null while it is down. */
  ProtocolNode<M> node(String node);

  /** Virtual time since the start, in milliseconds. */
  long nowMillis();

  /** What the node's own clock reads now (skew and drift included). */
  Instant clock(String node);
}
