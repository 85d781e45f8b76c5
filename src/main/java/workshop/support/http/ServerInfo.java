package workshop.support.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /info}: a server's INFO, in Redis's sections. Server (name, role, id, pid, port,
 * uptime), Clients (open connections, requests being handled now), Stats (answers by status class),
 * Keyspace (keys, on servers that hold them) and Faults (the rules in force). The shared layer
 * knows all but the role, the id and the keys, which each server adds through {@link
 * Observable#info}.
 */
final class ServerInfo {
  private ServerInfo() {}

  static Map<String, Object> of(WebServer server, Observable own) {
    ServerActivity activity = server.activity();
    Map<String, Object> added = own == null ? Map.of() : own.info();
    Map<String, Object> about = new LinkedHashMap<>();
    about.put("name", server.name());
    about.put("role", added.getOrDefault("role", server.name()));
    added.forEach(
        (k, v) -> {
          if (!k.equals("role") && !k.equals("keys")) {
            about.put(k, v);
          }
        });
    about.put("pid", ProcessHandle.current().pid());
    about.put("port", server.port());
    about.put("uptime_seconds", activity.uptimeMillis() / 1000);

    Map<String, Object> clients = new LinkedHashMap<>();
    clients.put("connected_clients", activity.openConnections());
    clients.put("active_requests", activity.activeRequests());
    clients.put("total_connections_received", activity.connectionsEver());

    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("total_answers", activity.answersTotal());
    for (int klass = 1; klass <= 5; klass++) {
      stats.put("answers_" + klass + "xx", activity.answers(klass));
    }

    Map<String, Object> info = new LinkedHashMap<>();
    info.put("server", about);
    info.put("clients", clients);
    info.put("stats", stats);
    if (added.containsKey("keys")) {
      info.put("keyspace", Map.of("keys", added.get("keys")));
    }
    Object faults = server.faults().describe();
    info.put("faults", Map.of("rules", faults == null ? List.of() : faults));
    return info;
  }
}
