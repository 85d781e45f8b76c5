package workshop.sim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import workshop.protocol.Effects;
import workshop.protocol.Input;
import workshop.protocol.RequestId;

/**
 * The clients of a simulation: each request goes to one node and ends, as the client sees it, in a
 * reply, a refusal (with the node's reason, or because the node was down), or a timeout after the
 * call timeout. A reply that comes after the timeout is too late: the trace notes it and the
 * outcome stays a timeout.
 */
final class Clients<M> {
  private final Simulation<M> sim;
  private final SimNodes<M> nodes;
  private final long timeout;
  private final Map<RequestId, Integer> pending = new LinkedHashMap<>();
  private final List<ClientOutcome<M>> outcomes = new ArrayList<>();
  private long next = 1;

  Clients(Simulation<M> sim, SimNodes<M> nodes, long timeout) {
    this.sim = sim;
    this.nodes = nodes;
    this.timeout = timeout;
  }

  RequestId send(int node, M body) {
    RequestId id = new RequestId("c1", next++);
    pending.put(id, node);
    long now = sim.nowMillis();
    sim.push(new SimEvent<>(SimEvent.REQUEST, node, new Input.Request<>(id, body), 0, 0, id), now);
    sim.push(new SimEvent<>(SimEvent.CLIENT_DEADLINE, node, null, 0, 0, id), now + timeout);
    return id;
  }

  void replied(int node, Effects.Reply<M> reply) {
    if (pending.remove(reply.request()) == null) {
      sim.traceEvents(
          reply.request() + " <- " + nodes.name(node) + "  too late: the client gave up");
      return;
    }
    record(
        new ClientOutcome<>(
            reply.request(),
            nodes.name(node),
            sim.nowMillis(),
            reply.body(),
            reply.refusal(),
            false));
  }

  void refuse(RequestId id, int node, String why) {
    if (pending.remove(id) != null) {
      record(new ClientOutcome<>(id, nodes.name(node), sim.nowMillis(), null, why, false));
    }
  }

  void deadline(RequestId id) {
    Integer node = pending.remove(id);
    if (node != null) {
      record(new ClientOutcome<>(id, nodes.name(node), sim.nowMillis(), null, null, true));
    }
  }

  /** The node died with requests in hand: their connections reset. */
  void crashed(int node) {
    for (Iterator<Map.Entry<RequestId, Integer>> it = pending.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<RequestId, Integer> e = it.next();
      if (e.getValue() == node) {
        it.remove();
        record(
            new ClientOutcome<>(
                e.getKey(),
                nodes.name(node),
                sim.nowMillis(),
                null,
                nodes.name(node) + " crashed before answering",
                false));
      }
    }
  }

  List<ClientOutcome<M>> outcomes() {
    return List.copyOf(outcomes);
  }

  List<ClientOutcome<M>> outcomesSince(int from) {
    return List.copyOf(outcomes.subList(Math.min(from, outcomes.size()), outcomes.size()));
  }

  private void record(ClientOutcome<M> outcome) {
    outcomes.add(outcome);
    sim.traceEvents(outcome.toString());
  }
}
