package workshop.membership.http;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import workshop.membership.Member;
import workshop.membership.MemberStatus;
import workshop.membership.Membership;
import workshop.membership.MembershipConfig;
import workshop.membership.MembershipMessage;
import workshop.membership.RegistryNode;
import workshop.protocol.Effects;
import workshop.protocol.http.ProtocolBinding;
import workshop.protocol.http.ProtocolHost;
import workshop.support.http.AdminToken;
import workshop.support.http.FaultPolicy;
import workshop.support.http.HttpError;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.TokenTrust;
import workshop.support.json.TaggedJson;

/**
 * A registry's membership endpoints, over a {@link RegistryNode} in the protocol runner: nodes
 * heartbeat here ({@code POST /heartbeat}), leave ({@code POST /deregister}), and anyone can ask
 * who is alive ({@code GET /nodes}, {@code GET /cluster-status}, {@code GET /}). A heartbeat or a
 * goodbye is a message to the node from the {@code node_id} it names, and what the node sends back
 * becomes the original's answer, so the original's Python nodes heartbeat here unchanged. Wire
 * shapes are the original's (see {@link MembershipWire}).
 *
 * <p>Heartbeats, goodbyes and the runner's own wire are {@link Routes.Guard#MEMBERS} routes: on a
 * registry that listens beyond its machine only callers with the cluster's token may use them. On
 * any registry with a token, a heartbeat that carried it is marked so as it arrives ({@link
 * MembershipMessage.Heartbeat#provedToken}): the registry node lets only such a heartbeat move a
 * member whose address the token vouched for, and this registry sends its token only to such
 * addresses ({@link TokenTrust}).
 *
 * <p>After every input the node handles, this copies its member list, on the node's thread and
 * under the lock the registry passes (the one its other roles use), and tells the registry what
 * changed through {@link Hooks}: the node's events (each change, with its reason) and each member's
 * change of status. The reads and the registry's other roles use that copy, so they never wait for
 * the node.
 */
public final class MembershipRoutes implements AutoCloseable {
  /** Ids look like the manual's {@code node-1}; anything else is refused with a reason. */
  public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  /** The registry node's name: how its log lines and its peers name it. */
  public static final String NAME = "registry";

  /** Messages on the runner's own wire ({@code POST /protocol/message}), as tagged JSON. */
  public static final TaggedJson<MembershipMessage> CODEC =
      TaggedJson.of(MembershipMessage.class).build();

  /** What the registry adds to plain membership, and how it hears of changes. */
  public interface Hooks {
    /** Whether the member is still being handed its keys: shown as "joining", not serving. */
    boolean joining(String id);

    /** The members that hold data, sent back with each heartbeat as {@code members}. */
    List<Member> holders();

    /** The registry node explained a change of membership (logs, {@code /events}). */
    void event(Effects.Event event);

    /**
     * A member's status or address changed: {@code before} is null for a member new to the
     * registry.
     */
    void changed(Member before, Member after);
  }

  private final MembershipConfig config;
  private final Object lock;
  private final InstantSource clock;
  private final Hooks hooks;
  private final TokenTrust tokens;
  private final ProtocolHost<MembershipMessage> host;
  private Map<String, Member> members = Map.of();

  /** A registry with the token of {@value workshop.support.http.AdminToken#ENV}, if any. */
  public MembershipRoutes(
      MembershipConfig config, Object lock, InstantSource clock, Hooks hooks, PrintStream log) {
    this(config, lock, clock, hooks, TokenTrust.fromEnvironment(), log);
  }

  /**
   * @param lock guards the member list copied from the node and whatever {@code hooks} read
   * @param tokens the registry's token; each member address a heartbeat with it named is trusted
   *     there, so the registry's calls to that member carry it
   */
  public MembershipRoutes(
      MembershipConfig config,
      Object lock,
      InstantSource clock,
      Hooks hooks,
      TokenTrust tokens,
      PrintStream log) {
    this(config, lock, clock, hooks, FaultPolicy.NONE, tokens, log);
  }

  /**
   * @param faults the process's fault layer, for the registry node's calls and pauses
   */
  public MembershipRoutes(
      MembershipConfig config,
      Object lock,
      InstantSource clock,
      Hooks hooks,
      FaultPolicy faults,
      TokenTrust tokens,
      PrintStream log) {
    this.config = config;
    this.lock = lock;
    this.clock = clock;
    this.hooks = hooks;
    this.tokens = tokens;
    this.host =
        new ProtocolHost<>(
            new ProtocolHost.Settings(
                NAME, Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(5), null, NAME, 0),
            binding(),
            faults,
            tokens,
            clock,
            log);
  }

  private ProtocolBinding<MembershipMessage> binding() {
    return ProtocolBinding.of(CODEC)
        .message("POST", "/heartbeat", MembershipRoutes::heartbeat, this::heartbeatAnswer)
        .message("POST", "/deregister", MembershipRoutes::deregister, this::deregistered)
        .rawRequests(false)
        .onArrival(
            (request, m) ->
                m instanceof MembershipMessage.Heartbeat h ? h.proved(request.provedToken()) : m)
        .afterInput((node, effects) -> observe((RegistryNode) node, effects));
  }

  /**
   * Adds the membership endpoints to a registry's routes; those only members call ({@code POST
   * /heartbeat}, {@code POST /deregister}, the runner's wire) are {@link Routes.Guard#MEMBERS}.
   */
  public Routes addTo(Routes routes) {
    return host.addTo(routes)
        .guard("POST", "/heartbeat", Routes.Guard.MEMBERS)
        .guard("POST", "/deregister", Routes.Guard.MEMBERS)
        .guard("POST", ProtocolHost.MESSAGE_PATH, Routes.Guard.MEMBERS)
        .get("/", this::summary)
        .get("/nodes", this::nodes)
        .get("/cluster-status", r -> Response.ok(clusterStatus()));
  }

  /** Starts the registry node; call once the server is bound. */
  public void start() {
    host.start((name, persisted) -> new RegistryNode(name, config));
  }

  /**
   * Asks the registry node (a kill, an expected node, a sweep) and waits for its answer. Never call
   * it holding the lock: the node takes it after every input.
   *
   * @throws workshop.support.http.HttpError 409 with the node's reason when it refuses
   */
  public MembershipMessage.Done ask(MembershipMessage request) {
    return (MembershipMessage.Done) host.ask(request);
  }

  /** Declares silent members dead now (the node also does it every second). */
  public void sweep() {
    ask(new MembershipMessage.Sweep());
  }

  @Override
  public void close() {
    host.close();
  }

  /** Every member, in order of first contact, as the node last said. Caller holds the lock. */
  public List<Member> members() {
    return List.copyOf(members.values());
  }

  /** The member called {@code id}, if any. Caller holds the lock. */
  public Optional<Member> member(String id) {
    return Optional.ofNullable(members.get(id));
  }

  /** The alive members, sorted by id. Caller holds the lock. */
  public List<Member> alive() {
    return members.values().stream()
        .filter(m -> m.status() == MemberStatus.ALIVE)
        .sorted(Comparator.comparing(Member::id))
        .toList();
  }

  /** On the node's thread, after each input: copy its members, then tell what changed. */
  private void observe(RegistryNode node, Effects<MembershipMessage> effects) {
    List<Member> now = node.members();
    synchronized (lock) {
      Map<String, Member> before = members;
      Map<String, Member> after = new LinkedHashMap<>();
      now.forEach(m -> after.put(m.id(), m));
      members = after;
      for (Member m : now) {
        if (m.provedToken()) {
          tokens.trust(m.address());
        }
      }
      effects.events().forEach(hooks::event);
      for (Member m : now) {
        Member was = before.get(m.id());
        if (was == null || was.status() != m.status() || !was.address().equals(m.address())) {
          hooks.changed(was, m);
        }
      }
    }
  }

  // ---- the wire -------------------------------------------------------------------------------

  private static ProtocolBinding.Delivery<MembershipMessage> heartbeat(Request request) {
    MembershipWire.Heartbeat beat = request.read(MembershipWire.Heartbeat.class);
    String id = nodeId(beat.node_id());
    int dataCount = beat.data_count() == null ? 0 : Math.max(0, beat.data_count());
    return new ProtocolBinding.Delivery<>(
        id, new MembershipMessage.Heartbeat(address(beat), dataCount));
  }

  private Response heartbeatAnswer(
      ProtocolBinding.Delivery<MembershipMessage> beat, List<MembershipMessage> back) {
    for (MembershipMessage m : back) {
      if (m instanceof MembershipMessage.HeartbeatRefused r) {
        throw new HttpError(
            403,
            "token_required",
            r.reason()
                + ": send the header "
                + AdminToken.HEADER
                + " with the value of "
                + AdminToken.ENV
                + " (set "
                + AdminToken.ENV
                + " to the cluster's secret where the node starts)");
      }
    }
    MembershipMessage.HeartbeatAck ack = only(back, MembershipMessage.HeartbeatAck.class);
    List<MembershipWire.Peer> alive =
        ack.alive().stream().map(p -> peer(p.id(), p.address(), p.provedToken())).toList();
    List<MembershipWire.Peer> holders;
    synchronized (lock) {
      holders =
          hooks.holders().stream().map(m -> peer(m.id(), m.address(), m.provedToken())).toList();
    }
    return Response.ok(new MembershipWire.HeartbeatAnswer("ok", alive, holders));
  }

  private static ProtocolBinding.Delivery<MembershipMessage> deregister(Request request) {
    String id = nodeId(request.read(MembershipWire.Deregister.class).node_id());
    return new ProtocolBinding.Delivery<>(id, new MembershipMessage.Deregister());
  }

  private Response deregistered(
      ProtocolBinding.Delivery<MembershipMessage> goodbye, List<MembershipMessage> back) {
    if (!only(back, MembershipMessage.Deregistered.class).known()) {
      throw HttpError.notFound("Node '" + goodbye.from() + "' not found");
    }
    return Response.ok(new MembershipWire.Status("ok"));
  }

  private static <T> T only(List<MembershipMessage> back, Class<T> type) {
    for (MembershipMessage m : back) {
      if (type.isInstance(m)) {
        return type.cast(m);
      }
    }
    throw HttpError.unavailable(
        "the registry node answered " + back + ", not a " + type.getSimpleName());
  }

  /** The answer to {@code GET /cluster-status}, also the registry's {@code /stats}. */
  public MembershipWire.ClusterStatus clusterStatus() {
    synchronized (lock) {
      Instant now = clock.instant();
      List<MembershipWire.StatusLine> nodes = new ArrayList<>();
      for (Member m : byId()) {
        nodes.add(
            new MembershipWire.StatusLine(
                m.id(), m.address(), status(m), secondsSince(m.lastHeard(), now), m.reason()));
      }
      int total = nodes.size();
      long alive = serving();
      return new MembershipWire.ClusterStatus(
          now.toString(),
          total,
          alive,
          total - alive,
          nodes,
          Membership.Health.of((int) alive).wireName());
    }
  }

  /** The wire status: the member's own, or "joining" while it is handed its keys. */
  public String status(Member m) {
    return hooks.joining(m.id()) ? "joining" : m.status().wireName();
  }

  private Response summary(Request request) {
    synchronized (lock) {
      int total = members.size();
      long alive = serving();
      return Response.ok(
          new MembershipWire.Summary("Cluster Registry", total, alive, total - alive));
    }
  }

  /**
   * Every member by id, node-2 before node-10, so an answer does not depend on who registered
   * first. Caller holds the lock.
   */
  private List<Member> byId() {
    return members.values().stream()
        .sorted(Comparator.comparing((Member m) -> m.id().length()).thenComparing(Member::id))
        .toList();
  }

  private Response nodes(Request request) {
    synchronized (lock) {
      Instant now = clock.instant();
      List<MembershipWire.Node> nodes = new ArrayList<>();
      for (Member m : byId()) {
        nodes.add(
            new MembershipWire.Node(
                m.id(),
                m.address(),
                port(m.address()),
                status(m),
                secondsSince(m.lastHeard(), now),
                m.reason(),
                m.provedToken()));
      }
      return Response.ok(new MembershipWire.Nodes(nodes));
    }
  }

  /** Members alive and not joining. Caller holds the lock. */
  private long serving() {
    return alive().stream().filter(m -> !hooks.joining(m.id())).count();
  }

  private static MembershipWire.Peer peer(String id, String address, boolean provedToken) {
    return new MembershipWire.Peer(id, address, port(address), provedToken);
  }

  private static String nodeId(String id) {
    if (id == null) {
      throw HttpError.unprocessable("field 'node_id' is required, e.g. \"node-1\"");
    }
    if (!id.matches(ID_PATTERN)) {
      throw HttpError.unprocessable(
          "field 'node_id' must be 1-64 letters, digits, '.', '_' or '-', e.g. \"node-1\"; got \""
              + (id.length() > 70 ? id.substring(0, 64) + "..." : id)
              + "\"");
    }
    return id;
  }

  /** The node's base URL: {@code address} when given, else {@code http://127.0.0.1:<port>}. */
  private static String address(MembershipWire.Heartbeat beat) {
    String a = beat.address();
    if (a != null && !a.isBlank()) {
      try {
        URI uri = URI.create(a);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw HttpError.unprocessable(
            "field 'address' must be a URL like http://127.0.0.1:5001; got '" + a + "'");
      }
      return a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
    }
    Integer port = beat.port();
    if (port == null || port < 1 || port > 65_535) {
      throw HttpError.unprocessable(
          "give 'address' (http://host:port) or 'port' (1-65535) so the registry can reach the node");
    }
    return "http://127.0.0.1:" + port;
  }

  /** The port of a member's base URL. */
  public static int port(String address) {
    return URI.create(address).getPort();
  }

  /** Seconds from {@code then} to {@code now}, to one decimal, never negative. */
  public static double secondsSince(Instant then, Instant now) {
    double s = Duration.between(then, now).toMillis() / 1000.0;
    return Double.parseDouble(String.format(Locale.ROOT, "%.1f", Math.max(0, s)));
  }
}
