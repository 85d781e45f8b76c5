package workshop.support.http;

/**
 * One open connection as {@code GET /clients} shows it: who is at the other end, since when, and
 * what it last asked. Written only by the connection's own thread (one per connection), read by
 * whoever asks for the list; the fields are volatile so a reader sees each one's latest value.
 */
final class OpenConnection {
  private final long id;
  private final String remote;
  private final long openedNanos;
  private final Http10Reader reader;
  private volatile long lastNanos;
  private volatile long requests;
  private volatile boolean busy;
  private volatile String lastMethod;
  private volatile String lastPath;

  OpenConnection(long id, String remote, long openedNanos, Http10Reader reader) {
    this.id = id;
    this.remote = remote;
    this.openedNanos = openedNanos;
    this.lastNanos = openedNanos;
    this.reader = reader;
  }

  long id() {
    return id;
  }

  Http10Reader reader() {
    return reader;
  }

  void began(String method, String path, long nowNanos) {
    requests++; // only this connection's thread writes it
    lastMethod = method;
    lastPath = path;
    lastNanos = nowNanos;
    busy = true;
  }

  void ended(long nowNanos) {
    lastNanos = nowNanos;
    busy = false;
    reader.nextRequest();
  }

  /** The connection as the wire shows it, {@code nowNanos} being the time of asking. */
  ClientEntry entry(long nowNanos) {
    long idleNanos = busy ? 0 : nowNanos - lastNanos;
    String method = lastMethod;
    return new ClientEntry(
        id,
        remote,
        (nowNanos - openedNanos) / 1_000_000,
        Math.max(0, idleNanos / 1_000_000),
        requests,
        busy,
        reader.http10() ? "1.0" : "1.1",
        method == null ? null : method + " " + lastPath);
  }
}
