package workshop.membership.http;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import workshop.membership.Member;
import workshop.membership.Membership;
import workshop.membership.MembershipEvent;
import workshop.support.http.HttpError;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;

/**
 * A registry's membership endpoints over the pure {@link Membership}: nodes heartbeat here ({@code
 * POST /heartbeat}), leave ({@code POST /deregister}), and anyone can ask who is alive ({@code GET
 * /nodes}, {@code GET /cluster-status}, {@code GET /}). {@link #sweep} declares silent members
 * dead. Wire shapes are the original's (see {@link MembershipWire}).
 *
 * <p>What the registry does with a change (log it, hand a newcomer its keys) is its own business:
 * it hears of every change through {@link Hooks}. All state is read and changed under the lock the
 * registry passes, the same one its other roles use.
 */
public final class MembershipRoutes {
  /** Ids look like the manual's {@code node-1}; anything else is refused with a reason. */
  public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  /** What the registry adds to plain membership, and how it hears of changes. */
  public interface Hooks {
    /** Whether the member is still being handed its keys: shown as "joining", not serving. */
    boolean joining(String id);

    /** The members that hold data, sent back with each heartbeat as {@code members}. */
    List<Member> holders();

    /** A heartbeat changed a member's status; {@code dataCount} is what the node says it holds. */
    void admitted(MembershipEvent event, String address, int dataCount);

    /** A member left or was declared dead. */
    void changed(MembershipEvent event);
  }

  private final Membership membership;
  private final Object lock;
  private final InstantSource clock;
  private final Hooks hooks;

  /**
   * @param lock guards {@code membership} and whatever {@code hooks} read
   */
  public MembershipRoutes(Membership membership, Object lock, InstantSource clock, Hooks hooks) {
    this.membership = membership;
    this.lock = lock;
    this.clock = clock;
    this.hooks = hooks;
  }

  /** Adds the membership endpoints to a registry's routes. */
  public Routes addTo(Routes routes) {
    return routes
        .get("/", this::summary)
        .post("/heartbeat", this::heartbeat)
        .post("/deregister", this::deregister)
        .get("/nodes", this::nodes)
        .get("/cluster-status", r -> Response.ok(clusterStatus()));
  }

  /** Declares silent members dead; the registry calls it every second. */
  public void sweep() {
    synchronized (lock) {
      membership.sweep(clock.instant()).forEach(hooks::changed);
    }
  }

  /** The answer to {@code GET /cluster-status}, also the registry's {@code /stats}. */
  public MembershipWire.ClusterStatus clusterStatus() {
    synchronized (lock) {
      Instant now = clock.instant();
      List<MembershipWire.StatusLine> nodes = new ArrayList<>();
      for (Member m : membership.all()) {
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
      int total = membership.all().size();
      long alive = serving();
      return Response.ok(
          new MembershipWire.Summary("Cluster Registry", total, alive, total - alive));
    }
  }

  private Response heartbeat(Request request) {
    MembershipWire.Heartbeat beat = request.read(MembershipWire.Heartbeat.class);
    String id = nodeId(beat.node_id());
    String address = address(beat);
    int dataCount = beat.data_count() == null ? 0 : beat.data_count();
    synchronized (lock) {
      Optional<MembershipEvent> change = membership.heartbeat(id, address, clock.instant());
      change.ifPresent(e -> hooks.admitted(e, address, dataCount));
      List<MembershipWire.Peer> alive = peers(membership.alive());
      List<MembershipWire.Peer> holders = peers(hooks.holders());
      return Response.ok(new MembershipWire.HeartbeatAnswer("ok", alive, holders));
    }
  }

  private Response deregister(Request request) {
    String id = nodeId(request.read(MembershipWire.Deregister.class).node_id());
    synchronized (lock) {
      if (membership.get(id).isEmpty()) {
        throw HttpError.notFound("Node '" + id + "' not found");
      }
      membership
          .leave(id, clock.instant(), "deregistered itself (clean shutdown)")
          .ifPresent(hooks::changed);
    }
    return Response.ok(new MembershipWire.Status("ok"));
  }

  private Response nodes(Request request) {
    synchronized (lock) {
      Instant now = clock.instant();
      List<MembershipWire.Node> nodes = new ArrayList<>();
      for (Member m : membership.all()) {
        nodes.add(
            new MembershipWire.Node(
                m.id(),
                m.address(),
                port(m.address()),
                status(m),
                secondsSince(m.lastHeard(), now),
                m.reason()));
      }
      return Response.ok(new MembershipWire.Nodes(nodes));
    }
  }

  /** Members alive and not joining. Caller holds the lock. */
  private long serving() {
    return membership.alive().stream().filter(m -> !hooks.joining(m.id())).count();
  }

  private static List<MembershipWire.Peer> peers(List<Member> members) {
    return members.stream()
        .map(m -> new MembershipWire.Peer(m.id(), m.address(), port(m.address())))
        .toList();
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
