package workshop.protocol.http;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import workshop.protocol.NodeFactory;
import workshop.protocol.ProtocolNode;
import workshop.support.http.FaultPolicy;
import workshop.support.http.Observable;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;

/**
 * Any {@link ProtocolNode} as a real process: a {@link ProtocolHost} (the node, its executor and
 * the client that carries its messages) on an HTTP server of its own, so a module's node code is
 * written once and runs here and in the simulator alike. The server answers the runner's routes,
 * the binding's, and {@code GET /health} and {@code GET /stats}. See {@link ProtocolHost} for the
 * wire.
 */
public final class ProtocolServer<M> implements Observable, AutoCloseable {
  public static final String MESSAGE_PATH = ProtocolHost.MESSAGE_PATH;
  public static final String REQUEST_PATH = ProtocolHost.REQUEST_PATH;

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

    ProtocolHost.Settings forHost() {
      return new ProtocolHost.Settings(
          name, peers, callTimeout, requestTimeout, stateFile, logName, seed);
    }
  }

  private final Settings settings;
  private final ProtocolHost<M> host;
  private final WebServer server;

  private ProtocolServer(
      Settings s,
      NodeFactory<M> factory,
      ProtocolBinding<M> binding,
      FaultPolicy faults,
      InstantSource clock,
      PrintStream log) {
    this.settings = s;
    this.host = new ProtocolHost<>(s.forHost(), binding, faults, clock, log);
    try {
      this.server =
          WebServer.builder(s.logName())
              .host(s.host())
              .port(s.port())
              .routes(host.addTo(new Routes()))
              .filter(host.pauseFilter())
              .observe(this)
              .faults(faults)
              .start();
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
    try {
      host.start(factory);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
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

  /** The node in this server, for shells and tests that ask it things or pause it. */
  public ProtocolHost<M> host() {
    return host;
  }

  @Override
  public void close() {
    host.close();
    server.close();
  }

  @Override
  public Object health() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("status", "ok");
    h.put("node", settings.name());
    h.putAll(host.healthFields());
    return h;
  }

  @Override
  public Map<String, Object> info() {
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("role", host.role());
    i.put("node", settings.name());
    i.putAll(host.healthFields());
    return i;
  }

  @Override
  public Object stats() {
    Map<String, Object> s = new LinkedHashMap<>(host.nodeStats());
    s.put("runner", host.counters());
    return s;
  }
}
