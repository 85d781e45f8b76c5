package workshop.protocol;

/**
 * One input to a {@link ProtocolNode}, as a value: drivers queue these, traces print them, and
 * {@link #applyTo} calls the matching handler. A node's author never needs this type; the handlers
 * of {@link ProtocolNode} are the contract.
 *
 * @param <M> the protocol's message type
 */
public sealed interface Input<M> {
  record Start<M>() implements Input<M> {}

  record Message<M>(String from, M message) implements Input<M> {}

  record Timer<M>(String name) implements Input<M> {}

  record Request<M>(RequestId request, M body) implements Input<M> {}

  record Undelivered<M>(String to, M message, String reason) implements Input<M> {}

  /** Hands this input to {@code node}'s handler for it. */
  default Effects<M> applyTo(ProtocolNode<M> node, Env env) {
    return switch (this) {
      case Start<M> s -> node.onStart(env);
      case Message<M> m -> node.onMessage(m.from(), m.message(), env);
      case Timer<M> t -> node.onTimer(t.name(), env);
      case Request<M> r -> node.onRequest(r.request(), r.body(), env);
      case Undelivered<M> u -> node.onUndelivered(u.to(), u.message(), u.reason(), env);
    };
  }
}
