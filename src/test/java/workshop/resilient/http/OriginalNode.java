package workshop.resilient.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import workshop.support.http.HttpError;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * A stand-in for the original workshop's {@code resilient_node.py}, as the reference records its
 * routes and answers: {@code GET /keys}, {@code GET /data/{key}}, {@code POST /replicate} (kept if
 * newer), {@code GET /health} and {@code /stats}, and nothing else: no {@code /digest}, no {@code
 * /shutdown}, no runner messages. It sends no heartbeats; the test sends them for it.
 */
final class OriginalNode implements AutoCloseable {
  private final String id;
  private final Map<String, String> values = new TreeMap<>();
  private final Map<String, Long> versions = new TreeMap<>();
  private final List<String> calls = new ArrayList<>();
  private final WebServer server;

  OriginalNode(String id) {
    this.id = id;
    Routes routes =
        new Routes()
            .get("/keys", this::keys)
            .get("/data/{key}", this::read)
            .post("/replicate", this::replicate)
            .get("/health", r -> Response.ok(Json.map("status", "healthy", "node_id", id)))
            .get("/stats", r -> Response.ok(Json.map("node_id", id, "data_count", size())));
    this.server =
        WebServer.builder(id).host("127.0.0.1").port(0).routes(routes).filter(this::count).start();
  }

  String id() {
    return id;
  }

  String url() {
    return server.url();
  }

  /** The heartbeat the original sends: no {@code data_count}. */
  Map<String, Object> heartbeat() {
    return Json.map("node_id", id, "port", server.port(), "address", url());
  }

  synchronized int size() {
    return values.size();
  }

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  private Response count(Request request, workshop.support.http.Handler next) throws Exception {
    synchronized (this) {
      calls.add(request.method() + " " + request.path());
    }
    return next.handle(request);
  }

  private synchronized Response keys(Request request) {
    return Response.ok(
        Json.map("node_id", id, "keys", List.copyOf(values.keySet()), "count", values.size()));
  }

  private synchronized Response read(Request request) {
    String key = request.pathParam("key");
    if (!values.containsKey(key)) {
      throw HttpError.notFound("Key '" + key + "' not found on " + id);
    }
    return Response.ok(
        Json.map(
            "node_id", id, "key", key, "value", values.get(key), "version", versions.get(key)));
  }

  record Replicate(String key, String value, long version, String source_node) {}

  private synchronized Response replicate(Request request) {
    Replicate r = request.read(Replicate.class);
    long current = versions.getOrDefault(r.key(), 0L);
    if (r.version() > current) {
      values.put(r.key(), r.value());
      versions.put(r.key(), r.version());
      return Response.ok(Json.map("status", "accepted", "version", r.version()));
    }
    return Response.ok(
        Json.map("status", "rejected", "reason", "stale_version", "current_version", current));
  }

  @Override
  public void close() {
    server.close();
  }
}
