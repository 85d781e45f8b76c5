package workshop.protocol.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.Response;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * How a host's node reaches its peers: one HTTP call per message, each on a virtual thread of its
 * own. A peer is found in the address book, else in what the node knows ({@link
 * ProtocolBinding#addresses}); a message the binding maps ({@link ProtocolBinding#outbound}) leaves
 * as the receiver's own call, any other as {@code POST /protocol/message} with tagged JSON. What
 * the receiver sends back comes in as messages from it; a call that fails is reported "refused"
 * (nobody listens, or it would not take the message) or "timeout", each followed by what happened
 * ("refused: nothing is listening on localhost:5000"), which the node can log as it is.
 */
final class PeerCalls<M> implements NodeRunner.Outbox<M>, AutoCloseable {
  private final ProtocolBinding<M> binding;
  private final Map<String, String> peers;
  private final WebClient client;
  private final Duration callTimeout;
  private final Supplier<NodeRunner<M>> runner;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;

  PeerCalls(
      ProtocolBinding<M> binding,
      Map<String, String> peers,
      WebClient client,
      Duration callTimeout,
      Supplier<NodeRunner<M>> runner) {
    this.binding = binding;
    this.peers = peers;
    this.client = client;
    this.callTimeout = callTimeout;
    this.runner = runner;
  }

  /** Runs on the node's thread (the runner carries effects there), so it may ask the node. */
  @Override
  public void send(String to, M message, Consumer<String> failed) {
    String address = peers.get(to);
    if (address == null) {
      address = binding.addresses.apply(runner.get().node(), to);
    }
    if (address == null) {
      failed.accept("refused");
      return;
    }
    ProtocolBinding.Call<M> mapped = null;
    for (var mapping : binding.outbound) {
      mapped = mapping.apply(to, message);
      if (mapped != null) {
        break;
      }
    }
    boolean generic = mapped == null;
    ProtocolBinding.Call<M> call =
        generic
            ? new ProtocolBinding.Call<>(
                "POST", ProtocolHost.MESSAGE_PATH, message, r -> binding.codec.readArray(r.body()))
            : mapped;
    byte[] body = generic ? binding.codec.write(message) : Json.write(call.body());
    String url = base(address) + call.path();
    calls.execute(
        () -> {
          String failure = call(to, call, url, body, generic);
          if (failure != null && !closed) {
            try {
              failed.accept(failure);
            } catch (RejectedExecutionException e) {
              // The node stopped meanwhile: nobody is left to tell.
            }
          }
        });
  }

  /**
   * Makes one call; returns null when it was delivered, else "refused" or "timeout" and, after a
   * colon, what happened (the simulator says the kind alone). A mapped call's answer function
   * decides what a status other than 2xx means; what it throws says why.
   */
  private String call(
      String to, ProtocolBinding.Call<M> call, String url, byte[] body, boolean generic) {
    List<M> back;
    ClientResponse r;
    try {
      r = client.send(call.method(), url, Map.of("Content-Type", Response.JSON), body, callTimeout);
    } catch (CallFailure e) {
      return (e.kind() == CallFailure.Kind.TIMEOUT ? "timeout: " : "refused: ") + e.getMessage();
    } catch (RuntimeException e) {
      return closed ? null : "refused: " + e.getMessage(); // the client closing under us
    }
    String answered = "refused: " + url + " answered " + call.method() + " with " + r.status();
    if (generic && !r.ok()) {
      return answered; // it answered, but would not take the message (not a runner, bad body)
    }
    try {
      back = call.answer().apply(r);
    } catch (RuntimeException e) {
      return closed ? null : answered + ": " + e.getMessage();
    }
    for (M m : back) {
      runner.get().message(to, m, false);
    }
    return null;
  }

  /** A base URL from an address-book entry: "host:port" or a URL. */
  static String base(String address) {
    String a =
        address.startsWith("http://") || address.startsWith("https://")
            ? address
            : "http://" + address;
    return a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
  }

  @Override
  public void close() {
    closed = true;
    calls.shutdownNow();
    client.close();
  }
}
