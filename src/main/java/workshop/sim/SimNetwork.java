package workshop.sim;

import java.util.random.RandomGenerator;
import workshop.fault.Fault;
import workshop.fault.LinkConditions;
import workshop.fault.Verdict;
import workshop.protocol.Input;

/**
 * Carries the messages nodes send, the way a real network and a real HTTP caller would see them:
 * each message takes the link's latency plus whatever the faults in force add ({@link
 * LinkConditions}); a dropped message costs the sender a "timeout" report after the call timeout; a
 * message to a node that is down is "refused" at once; a message that arrives after the call
 * timeout (a long delay, a paused receiver) is still handled late, but the sender has been told
 * "timeout" by then, as an HTTP caller would have been.
 */
final class SimNetwork<M> {
  private final Simulation<M> sim;
  private final SimNodes<M> nodes;
  private final LinkConditions links;
  private final RandomGenerator random;
  private final long latencyMin;
  private final long latencyMax;
  final long callTimeout;

  long sent;
  long delivered;
  long dropped;
  long refused;
  long duplicated;
  long timeouts;

  SimNetwork(
      Simulation<M> sim,
      SimNodes<M> nodes,
      LinkConditions links,
      RandomGenerator random,
      long latencyMin,
      long latencyMax,
      long callTimeout) {
    this.sim = sim;
    this.nodes = nodes;
    this.links = links;
    this.random = random;
    this.latencyMin = latencyMin;
    this.latencyMax = latencyMax;
    this.callTimeout = callTimeout;
  }

  String apply(Fault fault) {
    return links.apply(fault);
  }

  java.util.List<Fault> inForce() {
    return links.inForce();
  }

  /** Node {@code from} sends {@code message} to the node named {@code to}. */
  void send(int from, String to, M message) {
    sent++;
    long now = sim.nowMillis();
    Integer j = nodes.indexOrNull(to);
    if (j == null || nodes.status[j] == NodeStatus.DOWN) {
      refused++;
      String why = j == null ? "no node is named " + to : "it is down";
      if (sim.tracesAll()) {
        sim.traceAll(nodes.name(from) + " -> " + to + "  refused (" + why + "): " + message);
      }
      report(from, to, message, "refused", now);
      return;
    }
    switch (links.decide(nodes.name(from), to, random)) {
      case Verdict.Deliver d -> {
        Input.Message<M> input = new Input.Message<>(nodes.name(from), message);
        for (int copy = 0; copy < d.copies(); copy++) {
          long at = now + latency() + d.delay().toMillis();
          SimEvent<M> event =
              new SimEvent<>(SimEvent.MESSAGE, j, input, nodes.incarnation[from], from, null);
          event.sentAt = now;
          sim.push(event, at);
          if (copy > 0) {
            duplicated++;
          } else if (at - now > callTimeout) {
            watch(event, from, now + callTimeout);
          }
        }
      }
      case Verdict.Drop d -> {
        dropped++;
        if (sim.tracesAll()) {
          sim.traceAll(
              nodes.name(from) + " -> " + to + "  dropped (" + d.reason() + "): " + message);
        }
        report(from, to, message, "timeout", now + callTimeout);
      }
      case Verdict.Reject r -> {
        refused++;
        report(from, to, message, "refused", now);
      }
    }
  }

  /** A message reached a node that is down: its sender hears "refused" now. */
  void refusedOnArrival(SimEvent<M> event) {
    event.handled = true;
    refused++;
    Input.Message<M> m = (Input.Message<M>) event.input;
    if (sim.tracesAll()) {
      sim.traceAll(
          m.from() + " -> " + nodes.name(event.node) + "  refused (it is down): " + m.message());
    }
    int from = (int) event.tag;
    push(from, event.incarnation, nodes.name(event.node), m.message(), "refused", sim.nowMillis());
  }

  /** A message reached a paused node: it waits there, and its sender times out meanwhile. */
  void heldByPausedNode(SimEvent<M> event) {
    if (!event.watched) {
      watch(event, (int) event.tag, Math.max(sim.nowMillis(), event.sentAt + callTimeout));
    }
  }

  /** The deadline of a watched message passed: if it has not been handled, the sender times out. */
  void deadlinePassed(SimEvent<M> deadline) {
    @SuppressWarnings("unchecked")
    SimEvent<M> watched = (SimEvent<M>) deadline.detail;
    if (!watched.handled) {
      Input.Message<M> m = (Input.Message<M>) watched.input;
      push(
          deadline.node,
          deadline.incarnation,
          nodes.name(watched.node),
          m.message(),
          "timeout",
          sim.nowMillis());
    }
  }

  private void watch(SimEvent<M> event, int caller, long at) {
    event.watched = true;
    sim.push(
        new SimEvent<>(SimEvent.DEADLINE, caller, null, nodes.incarnation[caller], 0, event), at);
  }

  private void report(int from, String to, M message, String reason, long at) {
    push(from, nodes.incarnation[from], to, message, reason, at);
  }

  private void push(int from, int incarnation, String to, M message, String reason, long at) {
    if (reason.equals("timeout")) {
      timeouts++;
    }
    sim.push(
        new SimEvent<>(
            SimEvent.UNDELIVERED,
            from,
            new Input.Undelivered<>(to, message, reason),
            incarnation,
            0,
            null),
        at);
  }

  private long latency() {
    return latencyMin == latencyMax
        ? latencyMin
        : latencyMin + random.nextLong(latencyMax - latencyMin + 1);
  }
}
