package workshop.resilient.http;

import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import workshop.membership.MembershipConfig;
import workshop.membership.http.MembershipRoutes;
import workshop.quorum.QuorumConfig;
import workshop.support.http.FaultPolicy;
import workshop.support.http.Observable;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;
import workshop.support.proc.Supervisor;

/**
 * The capstone's registry: one server, several roles over one shared state ({@link RegistryState}).
 *
 * <ul>
 *   <li>membership ({@link MembershipRoutes}, over a {@link workshop.membership.RegistryNode} in
 *       the protocol runner): nodes heartbeat here and are declared dead after the timeout; {@code
 *       /nodes} and {@code /cluster-status} say who is alive;
 *   <li>the quorum data path ({@link DataRoutes}): writes and reads go to each key's replicas, as
 *       {@link workshop.resilient.Placement} places them;
 *   <li>node control ({@link NodeControl}): kill, restart and scale-up, with a hand-off of keys to
 *       a newcomer ({@link HandOff});
 *   <li>and its own: {@code /events} (what happened, with reasons) and {@code /graduate}.
 * </ul>
 *
 * Wire shapes are the original's. Every membership change is logged as one line with its reason.
 */
public final class RegistryServer implements AutoCloseable {
  /** The manual's sample keys: {@code GET /ring} says where each lives unless asked for another. */
  public static final List<String> SAMPLE_KEYS = DataRoutes.SAMPLE_KEYS;

  /**
   * How {@code POST /scale-up} and {@code POST /restart} start nodes, and on which ports: {@code
   * firstPort} to {@code lastPort} (the registry's {@code --min-port} and {@code --max-port}); null
   * disables both.
   */
  public record ScaleUp(Supervisor supervisor, int firstPort, int lastPort, int maxNodes) {}

  private final RegistryState state;
  private final MembershipRoutes membership;
  private final QuorumCoordinator coordinator;
  private final WebClient admin;
  private final NodeSightings sightings;
  private final WebServer server;

  private RegistryServer(
      String host,
      int port,
      MembershipConfig config,
      QuorumConfig quorum,
      ScaleUp scaleUp,
      FaultPolicy faults,
      TokenTrust tokens,
      InstantSource clock,
      PrintStream log) {
    this.coordinator = new QuorumCoordinator(Duration.ofSeconds(2), faults, tokens);
    this.admin =
        WebClient.builder()
            .timeout(Duration.ofSeconds(2))
            .peerName("registry")
            .faults(faults)
            .token(tokens)
            .build();
    this.state = new RegistryState(quorum, clock, log);
    HandOff handOff = new HandOff(state, coordinator, admin);
    state.onJoining(handOff::start);
    this.sightings = new NodeSightings();
    state.onAlive(sightings::look);
    this.membership = new MembershipRoutes(config, state, clock, state, faults, tokens, log);
    state.membership(membership);
    NodeProcesses processes =
        new NodeProcesses(admin, scaleUp == null ? null : scaleUp.supervisor(), tokens.token());
    Routes routes = membership.addTo(new Routes());
    new DataRoutes(state, coordinator).addTo(routes);
    new NodeControl(state, membership, processes, sightings, scaleUp, this::localUrl).addTo(routes);
    routes
        .get("/graduate", r -> Response.text(200, state.graduation()))
        .get("/events", r -> Response.ok(new RegistryWire.Events(state.events())));
    try {
      this.server =
          WebServer.builder("registry")
              .host(host)
              .port(port)
              .token(tokens.token())
              .routes(routes)
              .observe(
                  new Observable() {
                    @Override
                    public Object health() {
                      return Json.map("status", "ok", "service", "registry");
                    }

                    @Override
                    public Object stats() {
                      return membership.clusterStatus();
                    }

                    @Override
                    public Map<String, Object> info() {
                      workshop.membership.http.MembershipWire.ClusterStatus members =
                          membership.clusterStatus();
                      return Json.map(
                          "role",
                          "registry",
                          "members",
                          members.total_nodes(),
                          "alive",
                          members.alive_count());
                    }
                  })
              .faults(faults)
              .start();
    } catch (RuntimeException e) {
      // The port is taken, say: stop the registry node's thread and the clients before saying so.
      membership.close();
      coordinator.close();
      admin.close();
      sightings.close();
      throw e;
    }
    membership.start();
  }

  /**
   * Starts a registry with the token of {@value workshop.support.http.AdminToken#ENV}, if set;
   * {@code port} 0 picks a free one.
   */
  public static RegistryServer start(
      String host,
      int port,
      MembershipConfig config,
      QuorumConfig quorum,
      ScaleUp scaleUp,
      InstantSource clock,
      PrintStream log) {
    return start(host, port, config, quorum, scaleUp, TokenTrust.fromEnvironment(), clock, log);
  }

  /**
   * Starts a registry with the token of {@code tokens} (its guarded routes demand it when {@code
   * host} is beyond loopback; members whose heartbeats carry it are sent it); {@code port} 0 picks
   * a free one.
   */
  public static RegistryServer start(
      String host,
      int port,
      MembershipConfig config,
      QuorumConfig quorum,
      ScaleUp scaleUp,
      TokenTrust tokens,
      InstantSource clock,
      PrintStream log) {
    return start(host, port, config, quorum, scaleUp, FaultPolicy.NONE, tokens, clock, log);
  }

  /** As above, with a fault layer on its server and its calls ({@code ./workshop net}). */
  public static RegistryServer start(
      String host,
      int port,
      MembershipConfig config,
      QuorumConfig quorum,
      ScaleUp scaleUp,
      FaultPolicy faults,
      TokenTrust tokens,
      InstantSource clock,
      PrintStream log) {
    return new RegistryServer(host, port, config, quorum, scaleUp, faults, tokens, clock, log);
  }

  public String url() {
    return server.url();
  }

  /**
   * The registry's URL for a process on this machine: its bound address, or 127.0.0.1 when it
   * listens on every address (the nodes it starts report there).
   */
  String localUrl() {
    try {
      if (java.net.InetAddress.getByName(server.host()).isAnyLocalAddress()) {
        return "http://127.0.0.1:" + server.port();
      }
    } catch (java.net.UnknownHostException e) {
      // A bound address always parses; fall through to it.
    }
    return server.url();
  }

  public int port() {
    return server.port();
  }

  /** Declares silent nodes dead; the registry node does it every second, and tests now. */
  public void sweep() {
    membership.sweep();
  }

  @Override
  public void close() {
    membership.close();
    server.close();
    coordinator.close();
    admin.close();
    sightings.close();
  }
}
