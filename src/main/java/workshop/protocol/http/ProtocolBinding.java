package workshop.protocol.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import workshop.protocol.Effects;
import workshop.protocol.ProtocolNode;
import workshop.support.http.ClientResponse;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.json.TaggedJson;

/**
 * What a module tells the runner about its protocol: how its messages look on the wire, which
 * record its nodes persist, and the module's own HTTP routes (the original workshop's endpoints).
 *
 * <ul>
 *   <li>{@link #route}: a client request on a route of its own ({@code POST /update}), whose reply
 *       becomes the answer;
 *   <li>{@link #message}: a peer's message on a route of its own ({@code POST /heartbeat} from the
 *       original's Python nodes), answered with what the node sends back to that peer;
 *   <li>{@link #outbound}: the other way round, a message this node sends as a call in another
 *       process's own words ({@code POST /heartbeat} to a registry, ours or the original's);
 * </ul>
 *
 * and, for a shell that does more than carry the node's effects, {@link #afterInput} (read the node
 * after each input) and {@link #addresses} (find a peer's address in what the node knows). A
 * route's handler throws an {@code HttpError} for bad input, before anything reaches the node.
 *
 * @param <M> the protocol's message type
 */
public final class ProtocolBinding<M> {
  /** A module route: the request it becomes, and how its reply is answered. */
  public record Endpoint<M>(
      String method, String path, Function<Request, M> toRequest, Function<M, Response> answer) {}

  /** A peer's message, and who sent it. */
  public record Delivery<M>(String from, M message) {}

  /** A module route that carries a peer's message: who sent what, and how to answer. */
  public record MessageRoute<M>(
      String method,
      String path,
      Function<Request, Delivery<M>> toMessage,
      BiFunction<Delivery<M>, List<M>, Response> answer) {}

  /**
   * One message as a call in the receiver's own words: {@code body} (a wire record) goes to {@code
   * path}, and {@code answer} turns the response into the messages it carries back to the sender.
   * {@code answer} throws to say the receiver would not take the message (reported "refused").
   */
  public record Call<M>(
      String method, String path, Object body, Function<ClientResponse, List<M>> answer) {
    /** The same call, its answer's messages wrapped for another protocol. */
    public <N> Call<N> map(Function<? super M, ? extends N> wrap) {
      return new Call<>(
          method, path, body, r -> answer.apply(r).stream().<N>map(wrap::apply).toList());
    }
  }

  final TaggedJson<M> codec;
  Class<? extends Record> stateType;
  final List<Endpoint<M>> endpoints = new ArrayList<>();
  final List<MessageRoute<M>> messageRoutes = new ArrayList<>();
  final List<BiFunction<String, M, Call<M>>> outbound = new ArrayList<>();
  BiConsumer<ProtocolNode<M>, Effects<M>> afterInput = (node, effects) -> {};
  BiFunction<ProtocolNode<M>, String, String> addresses = (node, name) -> null;
  BiFunction<Request, M, M> onArrival = (request, message) -> message;
  boolean rawRequests = true;
  M statsRequest;
  Function<M, Map<String, Object>> statsAnswer;
  final Map<String, Object> health = new LinkedHashMap<>();
  String role = "protocol-node";

  private ProtocolBinding(TaggedJson<M> codec) {
    this.codec = codec;
  }

  public static <M> ProtocolBinding<M> of(TaggedJson<M> codec) {
    return new ProtocolBinding<>(codec);
  }

  /** The record type the protocol's nodes persist (needed to read a state file back). */
  public ProtocolBinding<M> persists(Class<? extends Record> type) {
    this.stateType = type;
    return this;
  }

  public ProtocolBinding<M> route(
      String method, String path, Function<Request, M> toRequest, Function<M, Response> answer) {
    endpoints.add(new Endpoint<>(method, path, toRequest, answer));
    return this;
  }

  /**
   * A peer's message that arrives on {@code path} in the sender's own words: {@code toMessage}
   * reads who sent what, and {@code answer} turns that delivery and the messages the node sends
   * back to its sender while handling it into the response.
   */
  public ProtocolBinding<M> message(
      String method,
      String path,
      Function<Request, Delivery<M>> toMessage,
      BiFunction<Delivery<M>, List<M>, Response> answer) {
    messageRoutes.add(new MessageRoute<>(method, path, toMessage, answer));
    return this;
  }

  /**
   * Sends the messages {@code call} maps (it returns null for the rest, which go to {@code POST
   * /protocol/message} as usual) as calls in the receiver's words. Called with the receiver's name
   * and the message.
   */
  public ProtocolBinding<M> outbound(BiFunction<String, M, Call<M>> call) {
    outbound.add(call);
    return this;
  }

  /**
   * Called on the node's thread after every input, before its effects are carried out, with the
   * node and its effects: the place for a shell to copy what it shows or serves from the node's
   * state (a registry's member list). It must only read the node, and return quickly.
   */
  public ProtocolBinding<M> afterInput(BiConsumer<ProtocolNode<M>, Effects<M>> observer) {
    this.afterInput = observer;
    return this;
  }

  /**
   * Where a peer the address book does not list is reached, from what the node knows (peers it
   * learned of at run time); null when it does not know. Called on the node's thread.
   */
  public ProtocolBinding<M> addresses(BiFunction<ProtocolNode<M>, String, String> lookup) {
    this.addresses = lookup;
    return this;
  }

  /**
   * Writes into each peer's message, as it arrives on any route, what only the transport knows of
   * the call that carried it (whether it proved the cluster's token, {@link Request#provedToken}),
   * over whatever the sender put there. Called before the node sees it.
   */
  public ProtocolBinding<M> onArrival(BiFunction<Request, M, M> stamp) {
    this.onArrival = stamp;
    return this;
  }

  /**
   * Whether {@code POST /protocol/request} takes any client request as tagged JSON (the default).
   * Turn it off when some requests are for the process's own shell only (a registry's "kill"), so
   * that only the module's routes, with their own checks, reach the node.
   */
  public ProtocolBinding<M> rawRequests(boolean open) {
    this.rawRequests = open;
    return this;
  }

  /** {@code GET /stats} also asks the node {@code request} and adds the fields of its answer. */
  public ProtocolBinding<M> stats(M request, Function<M, Map<String, Object>> answer) {
    this.statsRequest = request;
    this.statsAnswer = answer;
    return this;
  }

  /** The command that starts this kind of node ({@code gossip-node}), for {@code GET /info}. */
  public ProtocolBinding<M> role(String role) {
    this.role = role;
    return this;
  }

  /** A field {@code GET /health} adds to {@code {"status": "ok"}}. */
  public ProtocolBinding<M> health(String field, Object value) {
    health.put(field, value);
    return this;
  }
}
