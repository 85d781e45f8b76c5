package workshop.support.http;

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
}
