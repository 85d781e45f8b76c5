package workshop.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import workshop.fault.Fault;
import workshop.fault.LinkConditions;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.Input;
import workshop.protocol.NodeFactory;
import workshop.protocol.ProtocolNode;
import workshop.protocol.RequestId;

/**
 * A deterministic simulator for any {@link ProtocolNode}: the nodes of a cluster, a network, and
 * virtual time, all in one thread. Everything that will happen sits in one queue of small events (a
 * message arriving, a timer firing, a client request, a failed call's report), ordered by virtual
 * time and then by the order it was scheduled; {@link #step} takes the first, hands it to its node
 * and carries out the node's effects, which schedule more events. Randomness comes from one seed:
 * the network draws from its own stream and each node from its own, so the same seed replays the
 * same run, line for line.
 *
 * <p>What it models, as a real deployment shows it: per-link latency and the faults of {@code
 * workshop.fault} (partitions, one-way blocks, delay, loss, duplication, reordering; see {@link
 * SimNetwork}); crashes (memory, timers and queued input lost; callers refused) and restarts from
 * the last persisted state or from nothing; pauses (input waits and runs late on resume, callers
 * time out meanwhile); and each node's own clock, skewed and drifting, on which its timers run.
 * Invariants are checked after every step (or every N steps at scale) and stop the run at the first
 * violation.
 *
 * <p>Cost per message: one event object and one queue insertion; nothing is copied per step and
 * nothing is traced unless asked. Not thread-safe.
 *
 * @param <M> the protocol's message type
 */
public final class Simulation<M> implements SimView<M> {
  private final long seed;
  private final SimNodes<M> nodes;
  private final List<Invariant<M>> invariants;
  private final int checkEvery;
  private final List<Consumer<Step<M>>> observers;
  private final SimTrace trace;
  private final SimNetwork<M> network;
  private final Clients<M> clients;
  private final EventQueue<M> queue = new EventQueue<>();
  private long seq;
  private long now;
  private long steps;
  private long timersFired;

  private Simulation(SimBuilder<M> b) {
    this.seed = b.seed;
    SplittableRandom root = new SplittableRandom(b.seed);
    SplittableRandom networkRandom = root.split();
    this.nodes = new SimNodes<>(b.nodes, b.factory, root);
    this.network =
        new SimNetwork<>(
            this,
            nodes,
            new LinkConditions(nodes.names),
            networkRandom,
            b.latencyMin.toMillis(),
            b.latencyMax.toMillis(),
            b.callTimeout.toMillis());
    this.invariants = List.copyOf(b.invariants);
    this.checkEvery = b.checkEvery;
    this.observers = List.copyOf(b.observers);
    this.trace = new SimTrace(b.traceLevel, b.traceSink);
    this.clients =
        new Clients<>(
            this, nodes, (b.clientTimeout == null ? b.callTimeout : b.clientTimeout).toMillis());
  }

  /** A simulation of the named nodes, each built by {@code factory}. */
  public static <M> SimBuilder<M> builder(List<String> nodes, NodeFactory<M> factory) {
    return new SimBuilder<>(nodes, factory);
  }

  static <M> Simulation<M> build(SimBuilder<M> b) {
    return new Simulation<>(b);
  }

  // ---- driving the run ------------------------------------------------------------------------

  /** Starts every node that is not running yet, in order. */
  public void startAll() {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.status[i] == NodeStatus.DOWN) {
        boot(i);
      }
    }
  }

  /** Starts one node that is not running. */
  public void start(String node) {
    int i = nodes.indexOf(node);
    require(nodes.status[i] == NodeStatus.DOWN, node + " is already running");
    boot(i);
  }

  /** A client sends {@code body} to {@code node} now; see {@link #outcomes()} for how it ended. */
  public RequestId request(String node, M body) {
    return clients.send(nodes.indexOf(node), body);
  }

  /**
   * Applies {@code fault} now.
   *
   * @return what changed, in words
   * @throws IllegalArgumentException when it names an unknown node or does not fit the node's state
   *     (pausing a node that is down)
   */
  public String apply(Fault fault) {
    if (fault instanceof Fault.Bandwidth) {
      throw new IllegalArgumentException(
          fault.text()
              + ": a simulated message has no size, so a bandwidth limit has no meaning here; it"
              + " limits the TCP streams ./workshop proxy forwards");
    }
    String done =
        switch (fault) {
          case Fault.NodeFault f -> nodeFault(f);
          case Fault.Network f -> network.apply(f);
          case Fault.Heal h -> network.apply(h);
        };
    check(null);
    return done;
  }

  /** Applies {@code fault} when virtual time reaches {@code atMillis}. */
  public void schedule(long atMillis, Fault fault) {
    push(new SimEvent<>(SimEvent.FAULT, 0, null, 0, 0, fault), Math.max(now, atMillis));
  }

  /** Handles the next event; false when nothing is left to happen. */
  public boolean step() {
    SimEvent<M> e = queue.poll();
    if (e == null) {
      return false;
    }
    now = e.at;
    process(e);
    return true;
  }

  /** Handles every event due up to and including {@code atMillis}, then sets the clock there. */
  public void runUntil(long atMillis) {
    while (!queue.isEmpty() && queue.nextTime() <= atMillis) {
      step();
    }
    now = Math.max(now, atMillis);
  }

  public void runFor(Duration d) {
    runUntil(now + d.toMillis());
  }

  /** Changes how much the trace shows from now on (its sink stays the one given at build). */
  public void traceLevel(TraceLevel level) {
    trace.level(level);
  }

  /** Checks every invariant against the whole world; throws at the first that fails. */
  public void checkInvariants() {
    check(null);
  }

  // ---- what happened --------------------------------------------------------------------------

  public List<ClientOutcome<M>> outcomes() {
    return clients.outcomes();
  }

  /** The outcomes after the first {@code from}, in the order they came (cheap to poll). */
  public List<ClientOutcome<M>> outcomesSince(int from) {
    return clients.outcomesSince(from);
  }

  public SimStats stats() {
    SimNetwork<M> n = network;
    return new SimStats(
        steps,
        n.sent,
        n.delivered,
        n.dropped,
        n.refused,
        n.duplicated,
        n.timeouts,
        timersFired,
        queue.size());
  }

  public long seed() {
    return seed;
  }

  public List<Invariant<M>> invariants() {
    return invariants;
  }

  /** The network faults in force. */
  public List<Fault> networkFaults() {
    return network.inForce();
  }

  /** The names of the node's pending timers. */
  public List<String> pendingTimers(String node) {
    return nodes.timers.pending(nodes.indexOf(node));
  }

  /** How the node's clock is off ({@code +500ms drift 1%}), or empty. */
  public String clockSkew(String node) {
    return nodes.clocks.describe(nodes.indexOf(node));
  }

  @Override
  public List<String> nodes() {
    return nodes.names;
  }

  @Override
  public NodeStatus status(String node) {
    return nodes.status[nodes.indexOf(node)];
  }

  @Override
  public ProtocolNode<M> node(String node) {
    return nodes.nodes[nodes.indexOf(node)];
  }

  @Override
  public long nowMillis() {
    return now;
  }

  @Override
  public Instant clock(String node) {
    return nodes.clocks.instant(nodes.indexOf(node), now);
  }

  // ---- the loop -------------------------------------------------------------------------------

  private void process(SimEvent<M> e) {
    switch (e.kind) {
      case SimEvent.MESSAGE -> message(e);
      case SimEvent.TIMER -> timer(e);
      case SimEvent.REQUEST -> request(e);
      case SimEvent.UNDELIVERED -> undelivered(e);
      case SimEvent.DEADLINE -> network.deadlinePassed(e);
      case SimEvent.CLIENT_DEADLINE -> clients.deadline((RequestId) e.detail);
      case SimEvent.FAULT -> traceEvents("fault  " + apply((Fault) e.detail));
      default -> throw new IllegalStateException("unknown event kind " + e.kind);
    }
  }

  private void message(SimEvent<M> e) {
    int i = e.node;
    switch (nodes.status[i]) {
      case DOWN -> network.refusedOnArrival(e);
      case PAUSED -> {
        nodes.park(i, e);
        network.heldByPausedNode(e);
      }
      case UP -> {
        e.handled = true;
        network.delivered++;
        handle(i, e.input);
      }
    }
  }

  private void timer(SimEvent<M> e) {
    int i = e.node;
    if (e.incarnation != nodes.incarnation[i] || nodes.status[i] == NodeStatus.DOWN) {
      return; // set by a process that has since crashed
    }
    if (nodes.status[i] == NodeStatus.PAUSED) {
      nodes.park(i, e);
    } else if (nodes.timers.fire(i, ((Input.Timer<M>) e.input).name(), e.tag)) {
      timersFired++;
      handle(i, e.input);
    }
  }

  private void request(SimEvent<M> e) {
    int i = e.node;
    switch (nodes.status[i]) {
      case DOWN -> clients.refuse((RequestId) e.detail, i, nodes.name(i) + " is down");
      case PAUSED -> nodes.park(i, e);
      case UP -> handle(i, e.input);
    }
  }

  private void undelivered(SimEvent<M> e) {
    int i = e.node;
    if (e.incarnation != nodes.incarnation[i] || nodes.status[i] == NodeStatus.DOWN) {
      return; // the process that made the call is gone, and its call with it
    }
    if (nodes.status[i] == NodeStatus.PAUSED) {
      nodes.park(i, e);
    } else {
      handle(i, e.input);
    }
  }

  private void handle(int i, Input<M> input) {
    if (trace.shows(TraceLevel.ALL)) {
      trace.line(now, SimText.input(nodes.name(i), input));
    }
    nodes.lastStepped = i;
    Env env = new Env(nodes.clocks.instant(i, now), nodes.randoms[i]);
    Effects<M> effects = input.applyTo(nodes.nodes[i], env);
    steps++;
    if (!effects.isEmpty()) {
      carry(i, effects);
    }
    if (!observers.isEmpty()) {
      Step<M> step = new Step<>(now, nodes.name(i), i, input, effects);
      observers.forEach(o -> o.accept(step));
    }
    if (!invariants.isEmpty() && steps % checkEvery == 0) {
      check(nodes.name(i));
    }
  }

  /**
   * Carries out a node's effects: persist first (as a real node must), then timers; the events go
   * to the trace before the sends and replies they explain. Indexed loops: this runs for every
   * input, and iterators would be garbage each time.
   */
  private void carry(int i, Effects<M> effects) {
    if (effects.persist() != null) {
      nodes.persisted[i] = effects.persist();
    }
    List<Effects.TimerChange> changes = effects.timers();
    for (int k = 0; k < changes.size(); k++) {
      Effects.TimerChange t = changes.get(k);
      if (t.cancels()) {
        nodes.timers.cancel(i, t.name());
      } else {
        long generation = nodes.timers.set(i, t.name());
        SimEvent<M> e =
            new SimEvent<>(
                SimEvent.TIMER,
                i,
                new Input.Timer<>(t.name()),
                nodes.incarnation[i],
                generation,
                null);
        push(e, now + nodes.clocks.virtual(i, t.after().toMillis()));
      }
    }
    if (trace.shows(TraceLevel.EVENTS)) {
      effects.events().forEach(e -> trace.line(now, nodes.name(i) + "  " + e));
    }
    List<Effects.Send<M>> sends = effects.sends();
    for (int k = 0; k < sends.size(); k++) {
      network.send(i, sends.get(k).to(), sends.get(k).message());
    }
    List<Effects.Reply<M>> replies = effects.replies();
    for (int k = 0; k < replies.size(); k++) {
      clients.replied(i, replies.get(k));
    }
  }

  private void check(String stepped) {
    for (Invariant<M> inv : invariants) {
      String broken = inv.violation(this, stepped);
      if (broken != null) {
        throw new InvariantViolation(inv.name(), broken, now, seed, trace.recent());
      }
    }
  }

  // ---- node faults ----------------------------------------------------------------------------

  private String nodeFault(Fault.NodeFault fault) {
    int i = nodes.indexOf(fault.node());
    NodeStatus was = nodes.status[i];
    switch (fault) {
      case Fault.Crash c -> {
        require(was != NodeStatus.DOWN, c.node() + " is already down");
        crash(i);
      }
      case Fault.Restart r -> {
        if (was != NodeStatus.DOWN) {
          crash(i);
        }
        if (r.wipe()) {
          nodes.persisted[i] = null;
        }
        boot(i);
      }
      case Fault.Pause p -> {
        require(
            was == NodeStatus.UP, p.node() + " is " + was.label() + "; only a running node pauses");
        nodes.status[i] = NodeStatus.PAUSED;
      }
      case Fault.Resume r -> {
        require(was == NodeStatus.PAUSED, r.node() + " is " + was.label() + ", not paused");
        nodes.resume(i).forEach(e -> push(e, now));
      }
      case Fault.Skew k -> nodes.clocks.skew(i, now, k.offset().toMillis(), k.driftPercent());
    }
    return fault.text();
  }

  private void boot(int i) {
    nodes.build(i);
    handle(i, new Input.Start<>());
  }

  private void crash(int i) {
    nodes.crash(i);
    clients.crashed(i);
  }

  private static void require(boolean ok, String otherwise) {
    if (!ok) {
      throw new IllegalArgumentException(otherwise);
    }
  }

  // ---- shared with the network and the clients ------------------------------------------------

  void push(SimEvent<M> e, long at) {
    e.at = at;
    e.seq = seq++;
    queue.add(e);
  }

  void traceAll(String text) {
    if (trace.shows(TraceLevel.ALL)) {
      trace.line(now, text);
    }
  }

  boolean tracesAll() {
    return trace.shows(TraceLevel.ALL);
  }

  void traceEvents(String text) {
    if (trace.shows(TraceLevel.EVENTS)) {
      trace.line(now, text);
    }
  }
}
