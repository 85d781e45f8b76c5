package workshop.support.http;

import java.util.Map;

/**
 * The convention every workshop server follows: {@code GET /health} says whether it is up and
 * {@code GET /stats} what it has done, both as JSON. Give one to {@link WebServer.Builder#observe}
 * and the two routes exist.
 */
public interface Observable {
  /** A small JSON-able value; must be cheap (monitors poll it). */
  Object health();

  /** Counters and latencies as a JSON-able value. */
  Object stats();

  /**
   * What this server adds to {@code GET /info}, which the shared layer fills with what every server
   * has (name, pid, port, uptime, connections, answers by status class, faults): its {@code role}
   * (the command that starts it, such as {@code "node"}), its {@code id} where it has one, {@code
   * keys} where it holds keys (shown in the Keyspace section), and any other field a student would
   * look for first. Cheap, like {@link #health}.
   */
  default Map<String, Object> info() {
    return Map.of();
  }
}
