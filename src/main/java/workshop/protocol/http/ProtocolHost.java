package workshop.protocol.http;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import workshop.protocol.Effects;
import workshop.protocol.NodeFactory;
import workshop.protocol.ProtocolNode;
import workshop.support.http.FaultPolicy;
import workshop.support.http.Filter;
import workshop.support.http.HttpError;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * One {@link ProtocolNode} inside a server that a module builds itself: the runner's routes to add
 * to that server's, the client that carries the node's messages, and the node's single-threaded
 * executor. {@link ProtocolServer} is this plus a server of its own; a process that serves more
 * than its protocol (the capstone's registry and replicas, with their data routes) mounts a host on
 * its own server instead: {@link #addTo} its routes, start the server, then {@link #start} the
 * node, so the node may learn the address the server was bound to.
 *
 * <p>The wire: a message is {@code POST /protocol/message} with the message as tagged JSON and the
 * sender's name in {@code X-Workshop-Peer}; the answer ({@code 200}) is a JSON array of the
 * messages the receiver sends back to the sender while handling it, so a request and its reply
 * share one call. A binding may carry some messages in another process's own words instead ({@link
 * ProtocolBinding#message}, {@link ProtocolBinding#outbound}). A call that fails ({@link
 * PeerCalls}) is reported to the sender as undelivered: "refused" when nobody answers at that
 * address (or it rejects the message), "timeout" when no answer comes within the call timeout, each
 * followed by what happened.
 *
 * <p>{@link #pause} stops the node as {@code kill -STOP} stops a process: its timers and inputs
 * wait, its state stays, and (through {@link #pauseFilter}) the server answers nothing until {@link
 * #resume}, when everything that waited runs in the order it came.
 */
public final class ProtocolHost<M> implements AutoCloseable {
  public static final String MESSAGE_PATH = "/protocol/message";
  public static final String REQUEST_PATH = "/protocol/request";

  /**
   * @param name this node's name, as its peers know it
   * @param peers the address book: peer name to "host:port" or a base URL
   * @param callTimeout how long a call to a peer may take before it counts as "timeout"
   * @param requestTimeout how long a client request waits for the node's reply
   * @param stateFile where the node's persisted record lives, or null for none
   * @param logName the prefix of log lines ({@code [Node 1] ...})
   * @param seed the node's random source's seed
   */
  public record Settings(
      String name,
      Map<String, String> peers,
      Duration callTimeout,
      Duration requestTimeout,
      Path stateFile,
      String logName,
      long seed) {
    public Settings {
      peers = Map.copyOf(peers);
    }
  }

  private final Settings settings;
  private final ProtocolBinding<M> binding;
  private final InstantSource clock;
  private final PrintStream log;
  private final StateFile state;
  private final ScheduledExecutorService executor;
  private final PeerCalls<M> peers;
  private volatile NodeRunner<M> runner;
  private volatile CountDownLatch pause;

  public ProtocolHost(
      Settings settings,
      ProtocolBinding<M> binding,
      FaultPolicy faults,
      InstantSource clock,
      PrintStream log) {
    this(settings, binding, faults, TokenTrust.fromEnvironment(), clock, log);
  }

  /**
   * @param tokens the process's token and where it may go: the address book's entries are trusted
   *     (the operator gave them); the shell may trust more, such as the peers its registry vouches
   *     for
   */
  public ProtocolHost(
      Settings settings,
      ProtocolBinding<M> binding,
      FaultPolicy faults,
      TokenTrust tokens,
      InstantSource clock,
      PrintStream log) {
    this.settings = settings;
    this.binding = binding;
    this.clock = clock;
    this.log = log;
    this.state =
        settings.stateFile() == null || binding.stateType == null
            ? null
            : new StateFile(settings.stateFile(), binding.stateType);
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("node-" + settings.name()).unstarted(r));
    this.peers =
        new PeerCalls<>(
            binding,
            settings.peers(),
            WebClient.builder()
                .timeout(settings.callTimeout())
                .peerName(settings.name())
                .faults(faults)
                .token(tokens)
                .build(),
            settings.callTimeout(),
            () -> runner);
    settings.peers().values().forEach(tokens::trust);
    // Paused from within by the fault layer (./workshop pause where no SIGSTOP is to be had):
    // the node's timers stop with the process's calls.
    faults.onPause(this::pause, this::resume);
  }

  /** Adds the runner's routes and the binding's to a server's routes. */
  public Routes addTo(Routes routes) {
    routes.post(MESSAGE_PATH, this::onMessage);
    if (binding.rawRequests) {
      routes.post(REQUEST_PATH, this::onRequest);
    }
    for (ProtocolBinding.Endpoint<M> e : binding.endpoints) {
      routes.add(e.method(), e.path(), request -> answer(e, request));
    }
    for (ProtocolBinding.MessageRoute<M> m : binding.messageRoutes) {
      routes.add(m.method(), m.path(), request -> carry(m, request));
    }
    return routes;
  }

  /**
   * Builds the node (from its state file when there is one) and starts it; until then the routes
   * answer 503.
   *
   * @throws IllegalStateException when the state file is damaged, saying how to start afresh
   */
  public void start(NodeFactory<M> factory) {
    ProtocolNode<M> node = factory.create(settings.name(), state == null ? null : state.load());
    NodeRunner<M> r =
        new NodeRunner<>(
            node,
            executor,
            clock,
            new SplittableRandom(settings.seed()),
            peers,
            state,
            log,
            settings.logName(),
            binding.afterInput);
    runner = r;
    r.start();
  }

  public String name() {
    return settings.name();
  }

  /** Hands a client request to the node; completes when the node replies. */
  public CompletableFuture<Effects.Reply<M>> request(M body) {
    return runner().request(body);
  }

  /**
   * Asks the node {@code body} and waits up to the request timeout for its reply.
   *
   * @throws HttpError 409 with the node's reason when it refuses, 503 when it does not answer
   */
  public M ask(M body) {
    Effects.Reply<M> reply = await(request(body), settings.requestTimeout());
    if (reply.refusal() != null) {
      throw new HttpError(409, "refused", reply.refusal());
    }
    return reply.body();
  }

  // ---- pause ----------------------------------------------------------------------------------

  /** Stops the node's timers and inputs, keeping its state, until {@link #resume}. */
  public synchronized void pause() {
    if (pause != null) {
      return;
    }
    CountDownLatch gate = new CountDownLatch(1);
    pause = gate;
    executor.execute(
        () -> {
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /** Lets everything that waited run, in the order it came. */
  public synchronized void resume() {
    if (pause != null) {
      pause.countDown();
      pause = null;
    }
  }

  public boolean paused() {
    return pause != null;
  }

  /** A server filter that holds every request while the node is paused, as a stopped process. */
  public Filter pauseFilter() {
    return (request, next) -> {
      CountDownLatch gate = pause;
      if (gate != null) {
        gate.await();
      }
      return next.handle(request);
    };
  }

  @Override
  public void close() {
    resume();
    executor.shutdownNow();
    peers.close();
  }

  // ---- inbound --------------------------------------------------------------------------------

  private NodeRunner<M> runner() {
    NodeRunner<M> r = runner;
    if (r == null) {
      throw HttpError.unavailable("the node is starting; try again in a moment");
    }
    return r;
  }

  private Response onMessage(Request request) {
    M message = binding.onArrival.apply(request, decode(request));
    List<M> back = await(runner().message(request.peer(), message, true), settings.callTimeout());
    return Response.bytes(200, Response.JSON, binding.codec.writeArray(back));
  }

  private Response carry(ProtocolBinding.MessageRoute<M> route, Request request) {
    ProtocolBinding.Delivery<M> arrived = route.toMessage().apply(request);
    ProtocolBinding.Delivery<M> d =
        new ProtocolBinding.Delivery<>(
            arrived.from(), binding.onArrival.apply(request, arrived.message()));
    List<M> back = await(runner().message(d.from(), d.message(), true), settings.callTimeout());
    return route.answer().apply(d, back);
  }

  private Response onRequest(Request request) {
    return Response.bytes(200, Response.JSON, binding.codec.write(ask(decode(request))));
  }

  private Response answer(ProtocolBinding.Endpoint<M> endpoint, Request request) {
    return endpoint.answer().apply(ask(endpoint.toRequest().apply(request)));
  }

  private M decode(Request request) {
    try {
      return binding.codec.read(request.body());
    } catch (Json.JsonParseFailure e) {
      throw HttpError.unprocessable(e.getMessage());
    }
  }

  static <T> T await(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw HttpError.unavailable("the node did not answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      throw new IllegalStateException("the node failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HttpError.unavailable("the server is stopping");
    }
  }

  // ---- observability --------------------------------------------------------------------------

  /** What the runner has done, for {@code /stats}. */
  public Map<String, Object> counters() {
    NodeRunner<M> r = runner;
    if (r == null) {
      return Json.map("node", settings.name(), "started", false);
    }
    NodeRunner.Counters c = r.counters;
    return Json.map(
        "node", settings.name(),
        "inputs", c.inputs.get(),
        "messages_in", c.messagesIn.get(),
        "messages_out", c.messagesOut.get(),
        "failed_calls", c.failedCalls.get(),
        "client_requests", c.requests.get(),
        "timers_fired", c.timersFired.get(),
        "timers_pending", r.pendingTimers());
  }

  /** The binding's {@code /stats} fields, asked of the node, or none. */
  Map<String, Object> nodeStats() {
    if (binding.statsRequest == null) {
      return Map.of();
    }
    Effects.Reply<M> reply = await(request(binding.statsRequest), settings.requestTimeout());
    return reply.body() == null ? Map.of() : binding.statsAnswer.apply(reply.body());
  }

  Map<String, Object> healthFields() {
    return binding.health;
  }

  String role() {
    return binding.role;
  }
}
