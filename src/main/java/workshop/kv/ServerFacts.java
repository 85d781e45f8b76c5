package workshop.kv;

/**
 * What only the shell knows and INFO reports: the process, its port, and its append-only log.
 *
 * @param runId 40 hex digits, new at every start (Redis's run_id and master_replid)
 * @param pid this process's id
 * @param tcpPort the RESP port
 * @param startedMillis when the server started (epoch ms)
 * @param log the append-only log's state
 */
public record ServerFacts(String runId, long pid, int tcpPort, long startedMillis, LogFacts log) {
  /**
   * The append-only log as INFO persistence reports it.
   *
   * @param policy when the log is forced to disk: "always", "everysec" or "no" (left to the
   *     operating system); null when the server keeps no log
   * @param sizeBytes the log file's length now
   * @param lastWriteOk whether the last append reached the file
   * @param droppedAtLoadBytes bytes of an incomplete last record dropped at start
   * @param fsyncs fsync calls made since start
   */
  public record LogFacts(
      String policy, long sizeBytes, boolean lastWriteOk, long droppedAtLoadBytes, long fsyncs) {
    public static final LogFacts NONE = new LogFacts(null, 0, true, 0, 0);
  }
}
