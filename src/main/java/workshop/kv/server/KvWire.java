package workshop.kv.server;

/**
 * The key-value server's HTTP bodies and answers: the original workshop's {@code POST /write} and
 * {@code GET /data/{key}} shapes (field names kept; fields added, none renamed), and {@code GET
 * /stats}.
 */
public final class KvWire {
  private KvWire() {}

  /** {@code POST /write}'s body: {@code {"key": "user_1", "value": "Alice"}}. */
  public record WriteBody(String key, String value) {}

  /** {@code {"status": "written", "node": "kv-1", "key": ..., "offset": 27}}. */
  public record Written(String status, String node, String key, long offset) {}

  /** {@code GET /data/{key}}: {@code {"key", "value", "node"}}; a missing key is a 404 instead. */
  public record Data(String key, String value, String node) {}

  /**
   * {@code GET /stats}: INFO's main numbers as JSON.
   *
   * @param offset {@code master_repl_offset}: bytes of every write so far
   * @param appendonly the fsync policy, or "off" without a log
   */
  public record Info(
      String node,
      String role,
      int port,
      int keys,
      long offset,
      long writes,
      long commands,
      int clients,
      String appendonly,
      long aofBytes,
      long fsyncs,
      long uptimeSeconds) {}
}
