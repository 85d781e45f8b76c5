package workshop.sharding.http;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import workshop.node.http.NodeWire;
import workshop.sharding.Rebalance;
import workshop.sharding.ShardingStrategy;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.HttpError;
import workshop.support.http.Observable;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.TokenTrust;
import workshop.support.http.WebClient;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * Module 03's shard router: module 01 nodes become shards. {@code POST /data} and {@code GET
 * /data/{key}} go to the node that owns the key under the sharding strategy; {@code POST /nodes}
 * and {@code DELETE /nodes/{node}} change the node set and really move the data.
 *
 * <p>A move never loses a key and never leaves one unreadable:
 *
 * <ol>
 *   <li>writes wait while a move runs (they take the read side of a lock the mover holds for
 *       writing), so no value can change under a copy;
 *   <li>each moving key is <em>copied</em> to its new owner, then the router switches to the new
 *       strategy, and only then are the old copies <em>deleted</em>;
 *   <li>a read that misses on the owner it computed asks the owner under the other strategy (the
 *       previous or the current one): a key is on its old owner until the switch and on its new
 *       owner from before the switch, so one of the two always has it.
 * </ol>
 *
 * Node names are their base URLs ({@code http://127.0.0.1:5001}); the strategy hashes those names.
 *
 * <p>Adding and removing a node move and delete data, so both are destructive routes: beyond
 * loopback they answer only callers with the token, and the router will not start there without
 * one. The router sends its token (needed for a node's {@code DELETE /data/{key}}) only to the
 * nodes it was started with and to those added by a call that proved the token.
 */
public final class ShardRouterServer implements Observable, AutoCloseable {
  private final PrintStream log;
  private final TokenTrust tokens;
  private final WebClient http;
  private final WebServer server;
  private final ReentrantReadWriteLock moving = new ReentrantReadWriteLock(true);
  private volatile ShardingStrategy current;
  private volatile ShardingStrategy previous;
  private final LongAdder writes = new LongAdder();
  private final LongAdder reads = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private long movedTotal;
  private final Object hashing = new Object();

  private ShardRouterServer(
      String host,
      int port,
      List<String> nodes,
      Function<List<String>, ShardingStrategy> strategyFor,
      FaultPolicy faults,
      TokenTrust tokens,
      PrintStream log) {
    this.log = log;
    this.tokens = tokens;
    List<String> urls = nodes.stream().map(ShardRouterServer::normalize).toList();
    urls.forEach(tokens::trust);
    this.current = strategyFor.apply(urls);
    this.previous = current;
    this.http =
        WebClient.builder()
            .timeout(Duration.ofSeconds(5))
            .peerName("router")
            .faults(faults)
            .token(tokens)
            .build();
    Routes routes =
        new Routes()
            .get("/", r -> Response.ok(describe()))
            .post("/data", this::write)
            .get("/data/{key}", this::read)
            .get("/owner/{key}", this::owner)
            .get("/nodes", r -> Response.ok(describe()))
            .destructive("POST", "/nodes", this::addNode)
            .destructive("DELETE", "/nodes/{node}", this::removeNode);
    this.server =
        WebServer.builder("router")
            .host(host)
            .port(port)
            .routes(routes)
            .token(tokens.token())
            .observe(this)
            .faults(faults)
            .start();
  }

  /**
   * Binds and starts routing to {@code nodes} (base URLs).
   *
   * @throws IllegalArgumentException when a node URL is not http://host:port
   */
  public static ShardRouterServer start(
      String host,
      int port,
      List<String> nodes,
      Function<List<String>, ShardingStrategy> strategyFor,
      PrintStream log) {
    return start(host, port, nodes, strategyFor, TokenTrust.fromEnvironment(), log);
  }

  /**
   * Binds and starts routing to {@code nodes} (base URLs), with the token of {@code tokens}: its
   * node-set routes demand it beyond loopback, and it goes to {@code nodes} and to nodes added by a
   * call that carried it.
   *
   * @throws IllegalArgumentException when a node URL is not http://host:port
   */
  public static ShardRouterServer start(
      String host,
      int port,
      List<String> nodes,
      Function<List<String>, ShardingStrategy> strategyFor,
      TokenTrust tokens,
      PrintStream log) {
    return start(host, port, nodes, strategyFor, FaultPolicy.NONE, tokens, log);
  }

  /** As above, with a fault layer on its server and its calls ({@code ./workshop net}). */
  public static ShardRouterServer start(
      String host,
      int port,
      List<String> nodes,
      Function<List<String>, ShardingStrategy> strategyFor,
      FaultPolicy faults,
      TokenTrust tokens,
      PrintStream log) {
    return new ShardRouterServer(host, port, nodes, strategyFor, faults, tokens, log);
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  public List<String> nodes() {
    return current.nodes();
  }

  @Override
  public void close() {
    server.close();
    http.close();
  }

  // ---- data -----------------------------------------------------------------------------------

  private Response write(Request request) {
    String key = request.read(RouterWire.Routed.class).key();
    if (key == null || key.isEmpty()) {
      throw HttpError.unprocessable("field 'key' is required: {\"key\": \"...\", \"value\": ...}");
    }
    moving.readLock().lock();
    try {
      String owner = ownerOf(current, key);
      ClientResponse answer = call("POST", owner + "/data", request.body());
      writes.increment();
      return forwarded(answer, owner);
    } finally {
      moving.readLock().unlock();
    }
  }

  private Response read(Request request) {
    String key = request.pathParam("key");
    reads.increment();
    ShardingStrategy now = current;
    String owner = ownerOf(now, key);
    ClientResponse answer = call("GET", owner + "/data/" + encode(key), null);
    if (answer.status() == 404) {
      // Mid-move, the key may still be on (or already on) the owner under the other strategy.
      for (ShardingStrategy other : List.of(previous, current)) {
        String alternative = ownerOf(other, key);
        if (!alternative.equals(owner) && other.nodes().contains(alternative)) {
          ClientResponse second = call("GET", alternative + "/data/" + encode(key), null);
          if (second.status() != 404) {
            return forwarded(second, alternative);
          }
        }
      }
      misses.increment();
    }
    return forwarded(answer, owner);
  }

  private Response owner(Request request) {
    String key = request.pathParam("key");
    ShardingStrategy now = current;
    return Response.ok(Json.map("key", key, "node", ownerOf(now, key), "strategy", now.name()));
  }

  // ---- membership: the data really moves --------------------------------------------------------

  private Response addNode(Request request) {
    String url = request.read(RouterWire.AddNode.class).url();
    if (url == null || url.isBlank()) {
      throw HttpError.unprocessable(
          "field 'url' is required: {\"url\": \"http://127.0.0.1:5004\"}");
    }
    String node = normalize(url);
    moving.writeLock().lock();
    try {
      if (current.nodes().contains(node)) {
        throw HttpError.conflict(node + " is already one of " + current.nodes());
      }
      ClientResponse health = call("GET", node + "/health", null);
      if (!health.ok()) {
        throw new HttpError(
            502, "node_unhealthy", node + " answered /health with " + health.status());
      }
      if (request.provedToken()) {
        tokens.trust(node); // named by a caller with the token: as good as the operator's word
      }
      ShardingStrategy next = current.withNode(node);
      return Response.ok(move(next, "added", node));
    } finally {
      moving.writeLock().unlock();
    }
  }

  private Response removeNode(Request request) {
    String node = find(request.pathParam("node"));
    moving.writeLock().lock();
    try {
      if (current.nodes().size() == 1) {
        throw HttpError.conflict(
            "cannot remove "
                + node
                + ": it is the last node and its keys would have nowhere to go");
      }
      return Response.ok(move(current.withoutNode(node), "removed", node));
    } finally {
      moving.writeLock().unlock();
    }
  }

  /** Copies every key whose owner changes, switches strategy, then deletes the old copies. */
  private Map<String, Object> move(ShardingStrategy next, String verb, String node) {
    ShardingStrategy before = current;
    List<Rebalance.Move> moves = new ArrayList<>();
    for (String holder : before.nodes()) {
      List<String> keys = keysOn(holder);
      synchronized (hashing) {
        for (Rebalance.Move m : Rebalance.moves(before, next, keys)) {
          // Only keys this node should hold now; a stray key stored around the router stays.
          if (m.from().equals(holder)) {
            moves.add(m);
          }
        }
      }
    }
    for (Rebalance.Move m : moves) {
      ClientResponse value = call("GET", m.from() + "/data/" + encode(m.key()), null);
      if (value.status() == 404) {
        continue; // Deleted by someone else since the listing: nothing to carry.
      }
      if (!value.ok()) {
        throw new HttpError(
            502,
            "move_failed",
            "reading '"
                + m.key()
                + "' from "
                + m.from()
                + " failed with "
                + value.status()
                + "; nothing was deleted and the node set is unchanged");
      }
      String text = value.read(NodeWire.Entry.class).value();
      ClientResponse copied =
          call("POST", m.to() + "/data", Json.write(Json.map("key", m.key(), "value", text)));
      if (!copied.ok()) {
        throw new HttpError(
            502,
            "move_failed",
            "copying '"
                + m.key()
                + "' to "
                + m.to()
                + " failed with "
                + copied.status()
                + "; nothing was deleted and the node set is unchanged");
      }
    }
    previous = before;
    current = next;
    Map<String, Integer> byTarget = new LinkedHashMap<>();
    for (Rebalance.Move m : moves) {
      call("DELETE", m.from() + "/data/" + encode(m.key()), null);
      byTarget.merge(m.from() + " -> " + m.to(), 1, Integer::sum);
    }
    synchronized (this) {
      movedTotal += moves.size();
    }
    log.printf(
        "[router] %s %s: moved %d keys (copied, then deleted); nodes now %s%n",
        verb, node, moves.size(), next.nodes());
    log.flush();
    return Json.map(
        verb,
        node,
        "moved",
        moves.size(),
        "moves",
        byTarget,
        "strategy",
        next.name(),
        "nodes",
        next.nodes());
  }

  private List<String> keysOn(String node) {
    ClientResponse answer = call("GET", node + "/keys", null);
    if (!answer.ok()) {
      throw new HttpError(
          502,
          "node_failed",
          node
              + " answered GET /keys with "
              + answer.status()
              + "; is it a module 01 node of this toolkit?");
    }
    return answer.read(NodeWire.Keys.class).keys();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Map<String, Object> describe() {
    ShardingStrategy now = current;
    return Json.map(
        "message", "Shard router is running", "strategy", now.name(), "nodes", now.nodes());
  }

  /** A node named in a path: its full URL (percent-encoded), host:port, or just its port. */
  private String find(String name) {
    for (String node : current.nodes()) {
      URI uri = URI.create(node);
      if (node.equals(name)
          || node.equals(normalizeQuietly(name))
          || (uri.getHost() + ":" + uri.getPort()).equals(name)
          || Integer.toString(uri.getPort()).equals(name)) {
        return node;
      }
    }
    throw HttpError.notFound(
        "no node '"
            + name
            + "'; the nodes are "
            + current.nodes()
            + " (name one by URL, host:port or port)");
  }

  /** Strategies are not thread-safe (and share hashing state), so lookups take turns. */
  private String ownerOf(ShardingStrategy strategy, String key) {
    synchronized (hashing) {
      return strategy.ownerOf(key);
    }
  }

  private ClientResponse call(String method, String url, byte[] body) {
    try {
      Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", Response.JSON);
      return http.send(method, url, headers, body, http.timeout());
    } catch (CallFailure e) {
      throw new HttpError(502, "node_unreachable", e.getMessage());
    }
  }

  private static Response forwarded(ClientResponse answer, String node) {
    Object body;
    try {
      // Any JSON: the node's answer passes through as it is, plus where it was routed.
      body = answer.read(Object.class);
    } catch (Json.JsonParseFailure e) {
      return Response.error(
          502, "bad_gateway", node + " answered " + answer.status() + " without JSON");
    }
    if (body instanceof Map<?, ?> fields) {
      Map<Object, Object> out = new LinkedHashMap<>(fields);
      out.put("routed_to", node);
      return Response.json(answer.status(), out);
    }
    return Response.json(answer.status(), body);
  }

  private static String encode(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String normalizeQuietly(String url) {
    try {
      return normalize(url);
    } catch (IllegalArgumentException | HttpError e) {
      return url;
    }
  }

  /** "http://host:port" without a trailing slash; refuses anything else with the fix. */
  public static String normalize(String url) {
    String u = url.trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(u);
    } catch (IllegalArgumentException e) {
      throw HttpError.unprocessable("'" + url + "' is not a URL; use http://host:port");
    }
    if (!"http".equals(uri.getScheme())
        || uri.getHost() == null
        || uri.getPort() < 1
        || (uri.getPath() != null && !uri.getPath().isEmpty())) {
      throw HttpError.unprocessable(
          "'" + url + "' is not a node URL; use http://host:port, e.g. http://127.0.0.1:5001");
    }
    return "http://" + uri.getHost() + ":" + uri.getPort();
  }

  // ---- observability --------------------------------------------------------------------------

  @Override
  public Object health() {
    return Json.map("status", "ok", "role", "router", "nodes", current.nodes().size());
  }

  @Override
  public synchronized Map<String, Object> info() {
    return Json.map("role", "router", "strategy", current.name(), "nodes", current.nodes().size());
  }

  @Override
  public synchronized Object stats() {
    return Json.map(
        "strategy", current.name(),
        "nodes", current.nodes(),
        "writes", writes.sum(),
        "reads", reads.sum(),
        "misses", misses.sum(),
        "keys_moved", movedTotal);
  }
}
