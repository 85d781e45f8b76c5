package workshop.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import workshop.protocol.NodeFactory;

/** How a {@link Simulation} is set up; every setting has a default with its reason. */
public final class SimBuilder<M> {
  final List<String> nodes;
  final NodeFactory<M> factory;
  long seed = 1;

  /** 1-10 ms: a local network's spread, enough to interleave messages without hiding rounds. */
  Duration latencyMin = Duration.ofMillis(1);

  Duration latencyMax = Duration.ofMillis(10);

  /** 1 s: the HTTP runner's call timeout, so the simulator reports failures when a caller would. */
  Duration callTimeout = Duration.ofSeconds(1);

  /** Null: a client waits as long as a sender, unless a scenario's clients wait longer. */
  Duration clientTimeout;

  final List<Invariant<M>> invariants = new ArrayList<>();
  int checkEvery = 1;
  final List<Consumer<Step<M>>> observers = new ArrayList<>();
  TraceLevel traceLevel = TraceLevel.OFF;
  Consumer<String> traceSink;

  SimBuilder(List<String> nodes, NodeFactory<M> factory) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a simulation needs at least one node");
    }
    this.nodes = List.copyOf(nodes);
    this.factory = factory;
  }

  public SimBuilder<M> seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** Each message takes between {@code min} and {@code max} (uniform) before faults add theirs. */
  public SimBuilder<M> latency(Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "latency must satisfy 0 <= min <= max, got "
              + min.toMillis()
              + ".."
              + max.toMillis()
              + " ms");
    }
    this.latencyMin = min;
    this.latencyMax = max;
    return this;
  }

  /** How long a sender (or a client) waits before it is told "timeout". */
  public SimBuilder<M> callTimeout(Duration timeout) {
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("the call timeout must be at least 1 ms");
    }
    this.callTimeout = timeout;
    return this;
  }

  /**
   * How long a client waits for a reply, when it is not the call timeout: a protocol that answers a
   * client only after its own calls time out (a quorum that gives up) needs the client to wait
   * longer, as the HTTP runner's 5 s request timeout does.
   */
  public SimBuilder<M> clientTimeout(Duration timeout) {
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("the client timeout must be at least 1 ms");
    }
    this.clientTimeout = timeout;
    return this;
  }

  public SimBuilder<M> invariant(Invariant<M> invariant) {
    invariants.add(invariant);
    return this;
  }

  /** Checks invariants after every {@code n}-th step instead of every step (for runs at scale). */
  public SimBuilder<M> checkEvery(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("check every 1 or more steps, got " + n);
    }
    this.checkEvery = n;
    return this;
  }

  /** Called after every step: for measurements that must not scan every node. */
  public SimBuilder<M> observer(Consumer<Step<M>> observer) {
    observers.add(observer);
    return this;
  }

  /** Writes the trace, at this level of detail, to {@code sink} as it happens. */
  public SimBuilder<M> trace(TraceLevel level, Consumer<String> sink) {
    this.traceLevel = level;
    this.traceSink = sink;
    return this;
  }

  public Simulation<M> build() {
    return Simulation.build(this);
  }
}
