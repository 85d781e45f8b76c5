package workshop.protocol;

/**
 * Builds a node by name, from the state it last persisted or from nothing. Drivers call it when a
 * node starts and again on every restart, so a crash loses exactly what a real crash loses.
 *
 * @param <M> the protocol's message type
 */
@FunctionalInterface
public interface NodeFactory<M> {
  /**
   * @param persisted the last record the node asked to persist, or null (first start, or a restart
   *     that wipes the disk)
   */
  ProtocolNode<M> create(String name, Record persisted);
}
