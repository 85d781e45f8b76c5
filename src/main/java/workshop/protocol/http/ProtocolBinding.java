package workshop.protocol.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.json.TaggedJson;

/**
 * What a module tells the runner about its protocol: how its messages look on the wire, which
 * record its nodes persist, and the module's own HTTP routes (the original workshop's endpoints),
 * each turned into a client request whose reply becomes the answer. A route's handler throws an
 * {@code HttpError} for bad input, before anything reaches the node.
 *
 * @param <M> the protocol's message type
 */
public final class ProtocolBinding<M> {
  /** A module route: the request it becomes, and how its reply is answered. */
  public record Endpoint<M>(
      String method, String path, Function<Request, M> toRequest, Function<M, Response> answer) {}

  final TaggedJson<M> codec;
  Class<? extends Record> stateType;
  final List<Endpoint<M>> endpoints = new ArrayList<>();
  M statsRequest;
  Function<M, Map<String, Object>> statsAnswer;
  final Map<String, Object> health = new LinkedHashMap<>();

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

  /** {@code GET /stats} also asks the node {@code request} and adds the fields of its answer. */
  public ProtocolBinding<M> stats(M request, Function<M, Map<String, Object>> answer) {
    this.statsRequest = request;
    this.statsAnswer = answer;
    return this;
  }

  /** A field {@code GET /health} adds to {@code {"status": "ok"}}. */
  public ProtocolBinding<M> health(String field, Object value) {
    health.put(field, value);
    return this;
  }
}
