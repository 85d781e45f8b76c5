package workshop.protocol.http;

import java.io.PrintStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import workshop.protocol.Effects;
import workshop.protocol.Env;
import workshop.protocol.Input;
import workshop.protocol.ProtocolNode;
import workshop.protocol.RequestId;

/**
 * Runs one {@link ProtocolNode} in real time: every input goes through one single-threaded
 * scheduled executor, which is also where timers fire, so the node sees one input at a time as its
 * contract promises. After each input the runner carries out the effects in the order a real node
 * must: persist first, then timers, then the events as one log line each (before the sends and
 * replies they explain, as the simulator traces them, so a client that has its answer finds the
 * reason in the log), then sends and replies.
 *
 * <p>Sends leave through an {@link Outbox}, which reports a failed call back as an {@code
 * onUndelivered} input. A message the node sends back to the caller of the message it is handling
 * is handed to that caller instead ({@link #message}'s result): over HTTP it travels in the answer.
 */
final class NodeRunner<M> {
  /**
   * Carries a message to another node; calls {@code failed} with "refused" or "timeout" and what
   * happened.
   */
  interface Outbox<M> {
    void send(String to, M message, java.util.function.Consumer<String> failed);
  }

  private final ProtocolNode<M> node;
  private final ScheduledExecutorService executor;
  private final InstantSource clock;
  private final RandomGenerator random;
  private final Outbox<M> outbox;
  private final StateFile state;
  private final PrintStream log;
  private final String logName;
  private final java.util.function.BiConsumer<ProtocolNode<M>, Effects<M>> afterInput;
  private final Map<String, ScheduledFuture<?>> timers =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Long> timerGeneration = new HashMap<>();
  private final Map<RequestId, CompletableFuture<Effects.Reply<M>>> pending =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong requestNumbers = new AtomicLong();
  final Counters counters = new Counters();

  NodeRunner(
      ProtocolNode<M> node,
      ScheduledExecutorService executor,
      InstantSource clock,
      RandomGenerator random,
      Outbox<M> outbox,
      StateFile state,
      PrintStream log,
      String logName,
      java.util.function.BiConsumer<ProtocolNode<M>, Effects<M>> afterInput) {
    this.node = node;
    this.executor = executor;
    this.clock = clock;
    this.random = random;
    this.outbox = outbox;
    this.state = state;
    this.log = log;
    this.logName = logName;
    this.afterInput = afterInput;
  }

  /** The node; read it only on the executor's thread. */
  ProtocolNode<M> node() {
    return node;
  }

  void start() {
    executor.execute(() -> handle(new Input.Start<>(), null));
  }

  /**
   * Handles a peer's message. With {@code answerInline}, completes with the messages the node sends
   * back to {@code from} while handling it, for the caller to carry in its answer; otherwise those
   * leave through the outbox like any other.
   */
  CompletableFuture<List<M>> message(String from, M message, boolean answerInline) {
    counters.messagesIn.incrementAndGet();
    return CompletableFuture.supplyAsync(
        () -> handle(new Input.Message<>(from, message), answerInline ? from : null), executor);
  }

  /** Hands a client request to the node; completes when the node replies (maybe much later). */
  CompletableFuture<Effects.Reply<M>> request(M body) {
    RequestId id = new RequestId("http", requestNumbers.incrementAndGet());
    CompletableFuture<Effects.Reply<M>> reply = new CompletableFuture<>();
    pending.put(id, reply);
    reply.whenComplete((r, e) -> pending.remove(id));
    counters.requests.incrementAndGet();
    executor.execute(() -> handle(new Input.Request<>(id, body), null));
    return reply;
  }

  /** Reads something from the node between inputs (for views and stats). */
  <R> CompletableFuture<R> read(Function<ProtocolNode<M>, R> reader) {
    return CompletableFuture.supplyAsync(() -> reader.apply(node), executor);
  }

  private void undelivered(String to, M message, String reason) {
    counters.failedCalls.incrementAndGet();
    if (!executor.isShutdown()) { // a call that fails because the node is stopping tells no one
      executor.execute(() -> handle(new Input.Undelivered<>(to, message, reason), null));
    }
  }

  private void timer(String name, long generation) {
    Long current = timerGeneration.get(name);
    if (current != null && current == generation) {
      timerGeneration.remove(name);
      timers.remove(name);
      counters.timersFired.incrementAndGet();
      handle(new Input.Timer<>(name), null);
    }
  }

  /** Runs one input on the executor thread; returns the sends addressed to {@code caller}. */
  private List<M> handle(Input<M> input, String caller) {
    Effects<M> effects;
    try {
      effects = input.applyTo(node, new Env(clock.instant(), random));
    } catch (RuntimeException e) {
      // A bug in a handler must not stop the node: say so and carry on with the next input.
      log.println("[" + logName + "] handler failed on " + input + ": " + e);
      log.flush();
      throw e;
    }
    counters.inputs.incrementAndGet();
    afterInput.accept(node, effects);
    return carry(effects, caller);
  }

  private List<M> carry(Effects<M> effects, String caller) {
    if (effects.persist() != null) {
      if (state == null) {
        log.println("[" + logName + "] asked to persist state, but no state file was given");
      } else {
        state.save(effects.persist());
      }
    }
    for (Effects.TimerChange t : effects.timers()) {
      ScheduledFuture<?> old = timers.remove(t.name());
      if (old != null) {
        old.cancel(false);
      }
      timerGeneration.remove(t.name());
      if (!t.cancels()) {
        long generation = counters.timersSet.incrementAndGet();
        timerGeneration.put(t.name(), generation);
        timers.put(
            t.name(),
            executor.schedule(
                () -> timer(t.name(), generation), t.after().toMillis(), TimeUnit.MILLISECONDS));
      }
    }
    for (Effects.Event e : effects.events()) {
      log.println("[" + logName + "] " + e);
    }
    if (!effects.events().isEmpty()) {
      log.flush();
    }
    List<M> toCaller = new ArrayList<>();
    for (Effects.Send<M> s : effects.sends()) {
      counters.messagesOut.incrementAndGet();
      if (s.to().equals(caller)) {
        toCaller.add(s.message());
      } else {
        outbox.send(s.to(), s.message(), reason -> undelivered(s.to(), s.message(), reason));
      }
    }
    for (Effects.Reply<M> r : effects.replies()) {
      CompletableFuture<Effects.Reply<M>> waiting = pending.get(r.request());
      if (waiting != null) {
        waiting.complete(r);
      }
    }
    return toCaller;
  }

  int pendingTimers() {
    return timers.size();
  }

  /** What the runner has done, for {@code /stats}. */
  static final class Counters {
    final AtomicLong inputs = new AtomicLong();
    final AtomicLong messagesIn = new AtomicLong();
    final AtomicLong messagesOut = new AtomicLong();
    final AtomicLong failedCalls = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong timersSet = new AtomicLong();
    final AtomicLong timersFired = new AtomicLong();
  }
}
