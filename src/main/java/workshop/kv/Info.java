package workshop.kv;

import java.util.List;
import java.util.Locale;

/**
 * The text of {@code INFO [section ...]}: {@code # Server}, {@code # Clients}, {@code # Stats},
 * {@code # Persistence}, {@code # Replication} and {@code # Keyspace}, each a heading and {@code
 * field:value} lines ending in CRLF, with Redis's field names so that tools that read Redis's INFO
 * read this one. A server with no replicas is a primary: {@code role:master}, {@code
 * connected_slaves:0} and {@code master_repl_offset}, the bytes of every write so far.
 */
public final class Info {
  /** Sections in the order Redis prints them; {@code INFO} alone prints all of them. */
  public static final List<String> SECTIONS =
      List.of("server", "clients", "stats", "persistence", "replication", "keyspace");

  /**
   * The protocol level this server speaks; clients read {@code redis_version} to choose features.
   */
  static final String REDIS_VERSION = "7.0.0";

  private Info() {}

  /** INFO's text for {@code sections} (none, "all", "default" or "everything": every section). */
  public static String render(
      List<String> sections,
      Keyspace keys,
      Clients clients,
      long commands,
      ServerFacts f,
      long now) {
    List<String> wanted = sections.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    boolean all =
        wanted.isEmpty()
            || wanted.stream().anyMatch(List.of("all", "default", "everything")::contains);
    StringBuilder out = new StringBuilder();
    for (String section : SECTIONS) {
      if (!all && !wanted.contains(section)) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append("\r\n");
      }
      out.append("# ")
          .append(Character.toUpperCase(section.charAt(0)))
          .append(section, 1, section.length())
          .append("\r\n");
      switch (section) {
        case "server" -> {
          long uptime = (now - f.startedMillis()) / 1000;
          field(out, "redis_version", REDIS_VERSION);
          field(out, "redis_mode", "standalone");
          field(out, "server_name", "workshop-kv");
          field(out, "process_id", f.pid());
          field(out, "run_id", f.runId());
          field(out, "tcp_port", f.tcpPort());
          field(out, "uptime_in_seconds", uptime);
          field(out, "uptime_in_days", uptime / 86_400);
        }
        case "clients" -> field(out, "connected_clients", clients.count());
        case "stats" -> {
          field(out, "total_connections_received", clients.connectionsReceived());
          field(out, "total_commands_processed", commands);
          field(out, "total_writes_applied", keys.writes());
          field(out, "keyspace_hits", keys.hits());
          field(out, "keyspace_misses", keys.misses());
          field(out, "expired_keys", keys.expired());
        }
        case "persistence" -> persistence(out, f.log());
        case "replication" -> {
          field(out, "role", "master");
          field(out, "connected_slaves", 0);
          field(out, "master_replid", f.runId());
          field(out, "master_repl_offset", keys.offset());
        }
        case "keyspace" -> {
          if (keys.size() > 0) {
            field(
                out, "db0", "keys=" + keys.size() + ",expires=" + keys.withExpiry() + ",avg_ttl=0");
          }
        }
        default -> throw new IllegalStateException(section);
      }
    }
    return out.toString();
  }

  private static void persistence(StringBuilder out, ServerFacts.LogFacts log) {
    field(out, "loading", 0);
    field(out, "aof_enabled", log.policy() == null ? 0 : 1);
    if (log.policy() != null) {
      field(out, "aof_fsync_policy", log.policy());
      field(out, "aof_current_size", log.sizeBytes());
      field(out, "aof_last_write_status", log.lastWriteOk() ? "ok" : "err");
      field(out, "aof_fsyncs", log.fsyncs());
      field(out, "aof_truncated_bytes_at_load", log.droppedAtLoadBytes());
    }
  }

  private static void field(StringBuilder out, String name, Object value) {
    out.append(name).append(':').append(value).append("\r\n");
  }
}
