package workshop.protocol.http;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import workshop.protocol.Effects;
import workshop.protocol.NodeFactory;
import workshop.protocol.ProtocolNode;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.HttpError;
import workshop.support.http.Observable;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * Any {@link ProtocolNode} as a real process: one HTTP server and one client that carry its effects
 * over the network, so a module's node code is written once and runs here and in the simulator
 * alike.
 *
 * <p>The wire: a message is {@code POST /protocol/message} with the message as tagged JSON and the
 * sender's name in {@code X-Workshop-Peer}; the answer ({@code 200}) is a JSON array of the
 * messages the receiver sends back to the sender while handling it (a pull reply), so a request and
 * its reply share one call, as gossip's push-pull always did. A call that fails is reported to the
 * sending node as undelivered: "refused" when nobody answers at that address (or it rejects the
 * message), "timeout" when no answer comes within the call timeout. Client requests arrive on the
 * module's own routes ({@link ProtocolBinding}) or as tagged JSON on {@code POST
 * /protocol/request}, and are answered when the node replies. Peers are found by name in an address
 * book ({@code name -> host:port}).
 */
public final class ProtocolServer<M> implements Observable, AutoCloseable {
  public static final String MESSAGE_PATH = "/protocol/message";
  public static final String REQUEST_PATH = "/protocol/request";

  /**
   * @param name this node's name, as its peers know it
   * @param peers the address book: peer name to "host:port"
   * @param callTimeout how long a call to a peer may take before it counts as "timeout"
   * @param requestTimeout how long a client request waits for the node's reply
   * @param stateFile where the node's persisted record lives, or null for none
   * @param logName the prefix of log lines ({@code [Node 1] ...})
   */
  public record Settings(
      String name,
      String host,
      int port,
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
  private final ScheduledExecutorService executor;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
  private final WebClient client;
  private final NodeRunner<M> runner;
  private final WebServer server;
  private volatile boolean closed;

  private ProtocolServer(
      Settings s,
      NodeFactory<M> factory,
      ProtocolBinding<M> binding,
      FaultPolicy faults,
      InstantSource clock,
      PrintStream log) {
    this.settings = s;
    this.binding = binding;
    StateFile state =
        s.stateFile() == null || binding.stateType == null
            ? null
            : new StateFile(s.stateFile(), binding.stateType);
    ProtocolNode<M> node = factory.create(s.name(), state == null ? null : state.load());
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("node-" + s.name()).unstarted(r));
    this.client =
        WebClient.builder().timeout(s.callTimeout()).peerName(s.name()).faults(faults).build();
    this.runner =
        new NodeRunner<>(
            node,
            executor,
            clock,
            new SplittableRandom(s.seed()),
            this::send,
            state,
            log,
            s.logName());
    Routes routes =
        new Routes().post(MESSAGE_PATH, this::onMessage).post(REQUEST_PATH, this::onRequest);
    for (ProtocolBinding.Endpoint<M> e : binding.endpoints) {
      routes.add(e.method(), e.path(), request -> answer(e, request));
    }
    this.server =
        WebServer.builder(s.logName())
            .host(s.host())
            .port(s.port())
            .routes(routes)
            .observe(this)
            .faults(faults)
            .start();
    runner.start();
  }

  /** Builds the node (from its state file when there is one), binds, and starts it. */
  public static <M> ProtocolServer<M> start(
      Settings settings,
      NodeFactory<M> factory,
      ProtocolBinding<M> binding,
      FaultPolicy faults,
      InstantSource clock,
      PrintStream log) {
    return new ProtocolServer<>(settings, factory, binding, faults, clock, log);
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    closed = true;
    server.close();
    executor.shutdownNow();
    calls.shutdownNow();
    client.close();
  }

  // ---- inbound --------------------------------------------------------------------------------

  private Response onMessage(Request request) {
    M message = decode(request);
    List<M> back = await(runner.message(request.peer(), message, true), settings.callTimeout());
    return Response.bytes(200, Response.JSON, binding.codec.writeArray(back));
  }

  private Response onRequest(Request request) {
    Effects.Reply<M> reply = await(runner.request(decode(request)), settings.requestTimeout());
    if (reply.refusal() != null) {
      throw new HttpError(409, "refused", reply.refusal());
    }
    return Response.bytes(200, Response.JSON, binding.codec.write(reply.body()));
  }

  private Response answer(ProtocolBinding.Endpoint<M> endpoint, Request request) {
    M body = endpoint.toRequest().apply(request);
    Effects.Reply<M> reply = await(runner.request(body), settings.requestTimeout());
    if (reply.refusal() != null) {
      throw new HttpError(409, "refused", reply.refusal());
    }
    return endpoint.answer().apply(reply.body());
  }

  private M decode(Request request) {
    try {
      return binding.codec.read(request.body());
    } catch (Json.JsonParseFailure e) {
      throw HttpError.unprocessable(e.getMessage());
    }
  }

  private static <T> T await(CompletableFuture<T> future, Duration timeout) {
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

  // ---- outbound -------------------------------------------------------------------------------

  /** One call per message, on its own virtual thread; its answer's messages come back in. */
  private void send(String to, M message, Consumer<String> failed) {
    String address = settings.peers().get(to);
    if (address == null) {
      failed.accept("refused");
      return;
    }
    byte[] body = binding.codec.write(message);
    calls.execute(
        () -> {
          String failure = call(to, address, body);
          if (failure != null && !closed) {
            try {
              failed.accept(failure);
            } catch (RejectedExecutionException e) {
              // The node stopped meanwhile: nobody is left to tell.
            }
          }
        });
  }

  /** Makes one call; returns null when it was delivered, else "refused" or "timeout". */
  private String call(String to, String address, byte[] body) {
    try {
      ClientResponse r =
          client.send(
              "POST",
              "http://" + address + MESSAGE_PATH,
              Map.of("Content-Type", Response.JSON),
              body,
              settings.callTimeout());
      if (!r.ok()) {
        return "refused"; // it answered, but would not take the message (not a runner, bad body)
      }
      for (M back : binding.codec.readArray(r.body())) {
        runner.message(to, back, false);
      }
      return null;
    } catch (CallFailure e) {
      return e.kind() == CallFailure.Kind.TIMEOUT ? "timeout" : "refused";
    } catch (RuntimeException e) {
      return closed ? null : "refused"; // an unreadable answer, or the client closing under us
    }
  }

  // ---- observability --------------------------------------------------------------------------

  @Override
  public Object health() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("status", "ok");
    h.put("node", settings.name());
    h.putAll(binding.health);
    return h;
  }

  @Override
  public Object stats() {
    Map<String, Object> s = new LinkedHashMap<>();
    if (binding.statsRequest != null) {
      Effects.Reply<M> reply =
          await(runner.request(binding.statsRequest), settings.requestTimeout());
      if (reply.body() != null) {
        s.putAll(binding.statsAnswer.apply(reply.body()));
      }
    }
    NodeRunner.Counters c = runner.counters;
    s.put(
        "runner",
        Json.map(
            "node", settings.name(),
            "inputs", c.inputs.get(),
            "messages_in", c.messagesIn.get(),
            "messages_out", c.messagesOut.get(),
            "failed_calls", c.failedCalls.get(),
            "client_requests", c.requests.get(),
            "timers_fired", c.timersFired.get(),
            "timers_pending", runner.pendingTimers()));
    return s;
  }
}
