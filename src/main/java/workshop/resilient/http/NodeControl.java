package workshop.resilient.http;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import workshop.membership.Member;
import workshop.membership.MemberStatus;
import workshop.membership.MembershipMessage;
import workshop.membership.http.MembershipRoutes;
import workshop.resilient.RestartPolicy;
import workshop.support.http.HttpError;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.proc.ChildProcess;

/**
 * The registry's destructive endpoints: {@code POST /kill/{id}} stops a node as a crash would,
 * {@code POST /restart/{id}} starts a stopped one again with its old id and port, and {@code POST
 * /scale-up} starts a new one (which is then handed its keys, see {@link HandOff}). Membership
 * decides which and when; {@link NodeProcesses} does it. A restart starts only a node {@link
 * RestartPolicy} allows: one this registry saw running as a workshop node ({@link NodeSightings}),
 * on this machine, on a port in its range; a heartbeat naming an address is not enough.
 */
final class NodeControl {
  private static final Pattern NUMBERED = Pattern.compile("node-(\\d+)");

  private final RegistryState state;
  private final MembershipRoutes membership;
  private final NodeProcesses processes;
  private final NodeSightings sightings;
  private final RegistryServer.ScaleUp scaleUp;
  private final RestartPolicy policy;
  private final Supplier<String> registryUrl;

  /**
   * @param scaleUp how nodes are started, and on which ports; null when this registry starts none
   * @param registryUrl the registry's own URL, for the nodes it starts
   */
  NodeControl(
      RegistryState state,
      MembershipRoutes membership,
      NodeProcesses processes,
      NodeSightings sightings,
      RegistryServer.ScaleUp scaleUp,
      Supplier<String> registryUrl) {
    this.state = state;
    this.membership = membership;
    this.processes = processes;
    this.sightings = sightings;
    this.scaleUp = scaleUp;
    this.policy =
        scaleUp == null
            ? null
            : new RestartPolicy(
                new RestartPolicy.PortRange(scaleUp.firstPort(), scaleUp.lastPort()));
    this.registryUrl = registryUrl;
  }

  Routes addTo(Routes routes) {
    return routes
        .destructive("POST", "/kill/{id}", this::kill)
        .destructive("POST", "/restart/{id}", this::restart)
        .destructive("POST", "/scale-up", this::scaleUp);
  }

  private Response kill(Request request) {
    String id = request.pathParam("id");
    Member m;
    synchronized (state) {
      m = state.member(id);
      if (m.status() == MemberStatus.LEFT) {
        throw HttpError.conflict("Node '" + id + "' has already left the cluster");
      }
      boolean last = state.alive().size() == 1 && m.status() == MemberStatus.ALIVE;
      if (last && !"true".equals(request.query().get("force"))) {
        throw HttpError.conflict(
            "Node '"
                + id
                + "' is the last one alive; killing it loses the whole cluster."
                + " Add ?force=true if that is what you want.");
      }
    }
    // Outside the lock: stopping waits up to 3 s for the node to go silent, and the registry
    // node takes the lock once it has declared the member dead.
    NodeProcesses.Stop stop = processes.stop(m.address());
    membership.ask(new MembershipMessage.Kill(id, "killed through the registry"));
    return Response.ok(killed(id, m.address(), stop));
  }

  /**
   * The answer to a kill, in the original's two shapes: {@code "killed"} when the process stopped,
   * {@code "marked_dead"} (with its {@code tip}) when it is only marked dead, saying why.
   */
  private static RegistryWire.Killed killed(String id, String address, NodeProcesses.Stop stop) {
    String restart = "POST /restart/" + id + " starts it again, with its old id and port.";
    return switch (stop) {
      case STOPPED ->
          new RegistryWire.Killed(
              "killed",
              id,
              true,
              "Node '" + id + "' stopped as a crash would; writes go on with the other replicas.",
              restart);
      case NOT_RUNNING ->
          new RegistryWire.Killed(
              "marked_dead",
              id,
              false,
              "Node '"
                  + id
                  + "' was not running (nothing listens at "
                  + address
                  + "). Marked dead.",
              restart);
      case NO_SHUTDOWN ->
          new RegistryWire.Killed(
              "marked_dead",
              id,
              false,
              "Node '"
                  + id
                  + "' has no POST /shutdown (the original's resilient_node.py?), so the registry"
                  + " cannot stop it: marked dead, but its process runs on, and its next heartbeat"
                  + " makes it alive again. To fully terminate, press Ctrl+C in its terminal.",
              "Nodes started with ./workshop resilient-node, scale-up or restart are fully"
                  + " killable. Others need Ctrl+C.");
      case REFUSED ->
          new RegistryWire.Killed(
              "marked_dead",
              id,
              false,
              "Node '"
                  + id
                  + "' refused to stop (it wants a token this registry's call did not carry):"
                  + " marked dead; stop its process by hand (Ctrl+C in its terminal).",
              "Start the registry with the cluster's WORKSHOP_TOKEN to kill exposed nodes.");
      case STILL_RUNNING ->
          new RegistryWire.Killed(
              "marked_dead",
              id,
              false,
              "Node '"
                  + id
                  + "' was asked to stop but still answers after 3 s: marked dead; stop its"
                  + " process by hand (Ctrl+C in its terminal).",
              "A node that hangs instead of stopping is dead to the registry until it"
                  + " heartbeats again.");
    };
  }

  /**
   * Starts a dead or stopped node again with its old id and port, under this registry's supervisor
   * (as scale-up does), if {@link RestartPolicy} allows. The member stays dead until its first
   * heartbeat, so it comes back as the same member: its keys never move, and anti-entropy copies
   * what it missed.
   */
  private Response restart(Request request) {
    String id = request.pathParam("id");
    if (!id.matches(MembershipRoutes.ID_PATTERN)) {
      throw HttpError.unprocessable(
          "node ids are 1-64 letters, digits, '.', '_' or '-', like node-2; got "
              + (id.length() > 70 ? id.substring(0, 64) + "..." : id));
    }
    Member asked;
    synchronized (state) {
      asked = state.member(id);
    }
    String host = URI.create(asked.address()).getHost();
    // Looked up outside the lock: a name may take a moment to resolve.
    boolean here = NodeProcesses.onThisMachine(host);
    boolean loopback = NodeProcesses.loopback(host);
    Member m;
    int port;
    synchronized (state) {
      m = state.member(id);
      if (RestartPolicy.busy(m).isPresent()) {
        throw HttpError.conflict(RestartPolicy.busy(m).get());
      }
      if (policy == null) {
        throw new HttpError(
            501,
            "not_enabled",
            "this registry was started without scale-up, so it cannot start nodes; restart it"
                + " yourself: ./workshop resilient-node --port "
                + MembershipRoutes.port(m.address())
                + " --id "
                + id);
      }
      if (!m.address().equals(asked.address())) {
        throw HttpError.conflict(
            "Node '" + id + "' moved to " + m.address() + " just now; try the restart again");
      }
      policy
          .refusal(m, sightings.seen(id), here)
          .ifPresent(
              why -> {
                throw HttpError.conflict(why);
              });
      port = MembershipRoutes.port(m.address());
      ChildProcess twin = processes.running(id);
      if (twin != null) {
        throw HttpError.conflict(
            "Node '"
                + id
                + "' is being restarted already (pid "
                + twin.pid()
                + "); wait for its first heartbeat");
      }
      if (NodeProcesses.nextFreePort(port, port) < 0) {
        throw HttpError.conflict(
            "port "
                + port
                + " is taken, so '"
                + id
                + "' cannot start there (is it still running but not heartbeating, or did"
                + " another program take the port?); free the port, or add a node with POST"
                + " /scale-up");
      }
      String was = m.status().wireName() + ": " + m.reason();
      try {
        processes.start(id, port, registryUrl.get(), loopback ? null : m.address());
      } catch (IllegalStateException e) {
        throw new HttpError(500, "start_failed", e.getMessage());
      }
      sightings.started(id, m.address());
      state.log("restarting " + id + " on port " + port + " (was " + was + ")");
    }
    return Response.ok(
        new RegistryWire.Restarting(
            "restarting",
            id,
            port,
            m.address(),
            "Node '"
                + id
                + "' starts again on port "
                + port
                + "; it rejoins with its next heartbeat (2-3 s), and anti-entropy copies the"
                + " writes it missed."));
  }

  private Response scaleUp(Request request) {
    if (scaleUp == null) {
      throw new HttpError(501, "not_enabled", "this registry was started without scale-up");
    }
    String id;
    int port;
    // One scale-up at a time, so two never pick the same id; not the state's lock, which the
    // registry node takes while this waits for it.
    synchronized (this) {
      List<Member> members = state.members();
      int highest = 0;
      int maxPort = scaleUp.firstPort() - 1;
      for (Member m : members) {
        Matcher num = NUMBERED.matcher(m.id());
        if (num.matches()) {
          highest = Math.max(highest, Integer.parseInt(num.group(1)));
        }
        int used = MembershipRoutes.port(m.address());
        // Only ports in the scale-up range count: a node started by hand elsewhere (or on a
        // random port, as verify does) must not push the next port past the range's end.
        if (used >= scaleUp.firstPort() && used <= scaleUp.lastPort()) {
          maxPort = Math.max(maxPort, used);
        }
      }
      if (members.size() >= scaleUp.maxNodes()) {
        throw HttpError.conflict(
            "scale-up limit reached: "
                + scaleUp.maxNodes()
                + " nodes (start the registry with a"
                + " higher --max-nodes)");
      }
      id = "node-" + (highest + 1);
      port = NodeProcesses.nextFreePort(maxPort + 1, scaleUp.lastPort());
      if (port < 0) {
        throw HttpError.conflict(
            "scale-up port limit reached: no free port from "
                + (maxPort + 1)
                + " to "
                + scaleUp.lastPort()
                + " (free one, or start the registry with a higher --max-port)");
      }
      state.scaledUp(id);
      membership.ask(
          new MembershipMessage.Expect(id, "http://127.0.0.1:" + port, "scale-up on port " + port));
    }
    processes.start(id, port, registryUrl.get(), null);
    sightings.started(id, "http://127.0.0.1:" + port);
    return Response.ok(
        new RegistryWire.Spawned(
            "spawned",
            id,
            port,
            "Node will appear in cluster status within 2-3 seconds; the registry then"
                + " hands it the keys it now owns."));
  }
}
