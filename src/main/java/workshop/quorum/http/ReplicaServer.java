package workshop.quorum.http;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import workshop.quorum.ReplicaStore;
import workshop.quorum.VersionLimit;
import workshop.quorum.Versioned;
import workshop.support.http.FaultAction;
import workshop.support.http.FaultPolicy;
import workshop.support.http.HttpError;
import workshop.support.http.Observable;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * Module 05's replica: a versioned key/value store over HTTP that keeps the highest version it is
 * given. {@code PUT /replica/{key} {"value", "version"}} stores, {@code GET /replica/{key}} reads.
 * A put older than (or as old as) what it holds is answered {@code "stored": false} with what it
 * keeps, which a coordinator must not count as an acknowledgement; a version more than {@link
 * VersionLimit#AHEAD} above the highest it holds is refused (422), so no key can be pinned.
 *
 * <p>It can be partitioned without root or iptables: {@code POST /fault {"block": ["client-b"]}}
 * makes it refuse every call from those peers (named by the {@code X-Workshop-Peer} header workshop
 * clients send), through the foundation's fault seam; {@code DELETE /fault} heals. The fault
 * endpoints themselves are never blocked, so a partition can always be healed. Both are destructive
 * routes: beyond loopback, they answer only callers with the token.
 */
public final class ReplicaServer implements Observable, AutoCloseable {
  private final String name;
  private final ReplicaStore store = new ReplicaStore();
  private final Set<String> blocked = ConcurrentHashMap.newKeySet();
  private final LongAdder reads = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final WebServer server;

  private ReplicaServer(String name, String host, int port, String token, FaultPolicy net) {
    this.name = name;
    Routes routes =
        new Routes()
            .get("/replica/{key}", this::read)
            .put("/replica/{key}", this::write)
            .post("/replica/{key}", this::write)
            .get("/fault", r -> Response.ok(Json.map("blocked", blocked)))
            .destructive("POST", "/fault", this::block)
            .destructive("DELETE", "/fault", this::heal);
    this.server =
        WebServer.builder(name)
            .host(host)
            .port(port)
            .token(token)
            .routes(routes)
            .observe(this)
            .faults(new Partition(net))
            .start();
  }

  /** Binds and serves; port 0 picks a free one. */
  public static ReplicaServer start(String name, String host, int port) {
    return new ReplicaServer(name, host, port, null, FaultPolicy.NONE);
  }

  /**
   * Binds and serves with {@code token} (null: {@value workshop.support.http.AdminToken#ENV})
   * guarding {@code POST} and {@code DELETE /fault} when it listens beyond loopback.
   */
  public static ReplicaServer start(String name, String host, int port, String token) {
    return new ReplicaServer(name, host, port, token, FaultPolicy.NONE);
  }

  /**
   * As above, with the process's fault layer ({@code ./workshop net}) behind the replica's own
   * {@code /fault} switch.
   */
  public static ReplicaServer start(
      String name, String host, int port, String token, FaultPolicy net) {
    return new ReplicaServer(name, host, port, token, net);
  }

  public String name() {
    return name;
  }

  public String url() {
    return server.url();
  }

  /** Stops answering, as a crash would: later calls are refused. */
  @Override
  public void close() {
    server.close();
  }

  /** Refuses calls from these peers from now on (a partition, seen from this side). */
  public void block(Set<String> peers) {
    blocked.addAll(peers);
  }

  public void heal() {
    blocked.clear();
  }

  /** The replica's own switch first, then the process's fault layer. */
  private final class Partition implements FaultPolicy {
    private final FaultPolicy net;

    Partition(FaultPolicy net) {
      this.net = net;
    }

    @Override
    public FaultAction inbound(String fromPeer, String method, String path) {
      return inbound(fromPeer, null, method, path);
    }

    @Override
    public FaultAction inbound(String fromPeer, String mark, String method, String path) {
      if (!path.equals("/fault") && blocked.contains(fromPeer)) {
        refused.increment();
        return new FaultAction.Reject("partitioned from " + fromPeer);
      }
      return net.inbound(fromPeer, mark, method, path);
    }

    @Override
    public FaultAction outbound(String toPeer, String method, String path) {
      return net.outbound(toPeer, method, path);
    }

    @Override
    public String mark(String toPeer) {
      return net.mark(toPeer);
    }

    @Override
    public void addRoutes(Routes routes) {
      net.addRoutes(routes);
    }

    @Override
    public Object describe() {
      return net.describe();
    }

    @Override
    public void onPause(Runnable pause, Runnable resume) {
      net.onPause(pause, resume);
    }
  }

  // ---- handlers -------------------------------------------------------------------------------

  private Response read(Request request) {
    String key = request.pathParam("key");
    reads.increment();
    Versioned v;
    synchronized (store) {
      v = store.get(key).orElse(null);
    }
    if (v == null) {
      throw HttpError.notFound("Key '" + key + "' not found on " + name);
    }
    return Response.ok(new ReplicaWire.Entry(name, key, v.value(), v.version()));
  }

  private Response write(Request request) {
    String key = request.pathParam("key");
    ReplicaWire.Put put = request.read(ReplicaWire.Put.class);
    Versioned v = new Versioned(put.value(), put.version());
    boolean stored;
    Versioned now;
    synchronized (store) {
      VersionLimit.check(v.version(), store.highestVersion())
          .ifPresent(
              reason -> {
                throw HttpError.unprocessable(reason);
              });
      stored = store.apply(key, v);
      now = store.get(key).orElseThrow();
    }
    writes.increment();
    return Response.ok(new ReplicaWire.Stored(name, key, stored, now.value(), now.version()));
  }

  private Response block(Request request) {
    blocked.addAll(request.read(ReplicaWire.Block.class).block());
    return Response.ok(new ReplicaWire.Blocked(name, List.copyOf(blocked)));
  }

  private Response heal(Request request) {
    heal();
    return Response.ok(new ReplicaWire.Blocked(name, List.copyOf(blocked)));
  }

  @Override
  public Object health() {
    return Json.map("status", "ok", "node", name);
  }

  @Override
  public Map<String, Object> info() {
    synchronized (store) {
      return Json.map("role", "replica", "node", name, "keys", store.size());
    }
  }

  @Override
  public Object stats() {
    int keys;
    synchronized (store) {
      keys = store.size();
    }
    return Json.map(
        "node",
        name,
        "keys",
        keys,
        "reads",
        reads.sum(),
        "writes",
        writes.sum(),
        "refused_by_partition",
        refused.sum(),
        "blocked",
        blocked);
  }
}
