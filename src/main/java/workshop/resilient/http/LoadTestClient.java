package workshop.resilient.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import workshop.resilient.LoadTally;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * The load test's calls to the registry: one write or one read, turned into the records {@link
 * LoadTally} counts. Every answer is classified, including answers that are not the registry's.
 * Thread-safe.
 */
public final class LoadTestClient implements AutoCloseable {
  private final String registry;
  private final WebClient http;

  public LoadTestClient(String registry, Duration timeout) {
    this.registry = registry;
    this.http = WebClient.builder().timeout(timeout).peerName("load-test").build();
  }

  /**
   * How many nodes the registry says are alive.
   *
   * @throws IllegalStateException with a one-line reason when the registry cannot be reached or
   *     answers like something else
   */
  public int aliveNodes() {
    ClientResponse r;
    try {
      r = http.get(registry + "/cluster-status");
    } catch (CallFailure e) {
      throw new IllegalStateException(
          "cannot reach the registry at "
              + registry
              + " ("
              + e.getMessage()
              + "); start it with ./workshop up, or point --registry at it");
    }
    JsonNode body = parsed(r);
    JsonNode alive = body == null ? null : body.get("alive_count");
    if (r.status() != 200 || alive == null || !alive.canConvertToInt()) {
      throw new IllegalStateException(
          registry
              + " answered GET /cluster-status with "
              + r.status()
              + " "
              + snippet(r)
              + ", which is not a registry's answer; is --registry the registry's URL?");
    }
    return alive.asInt();
  }

  /** Writes {@code key} through the registry's quorum and says how it went. */
  public LoadTally.Write write(String key, String value) {
    long start = System.nanoTime();
    try {
      ClientResponse r = http.postJson(registry + "/data", Json.map("key", key, "value", value));
      double ms = (System.nanoTime() - start) / 1e6;
      JsonNode body = parsed(r);
      if (r.status() == 200) {
        if (body == null || !body.path("replica_nodes").isArray()) {
          return LoadTally.Write.failed(
              key,
              LoadTally.Outcome.OTHER,
              ms,
              "answered 200 without replica_nodes: " + snippet(r));
        }
        return LoadTally.Write.acknowledged(
            key, ms, names(body.path("replica_nodes")), names(body.path("written_to")));
      }
      if (r.status() == 503) {
        return LoadTally.Write.failed(key, LoadTally.Outcome.QUORUM_NOT_MET, ms, reason(body, r));
      }
      return LoadTally.Write.failed(
          key, LoadTally.Outcome.OTHER, ms, "answered " + r.status() + ": " + reason(body, r));
    } catch (CallFailure e) {
      LoadTally.Outcome outcome =
          switch (e.kind()) {
            case TIMEOUT -> LoadTally.Outcome.TIMEOUT;
            case REFUSED -> LoadTally.Outcome.REFUSED;
            case RESET, IO -> LoadTally.Outcome.OTHER;
          };
      return LoadTally.Write.failed(
          key, outcome, (System.nanoTime() - start) / 1e6, e.getMessage());
    }
  }

  /** Reads {@code key} back through the registry's quorum. */
  public LoadTally.ReadBack read(String key, String expected) {
    try {
      ClientResponse r = http.get(registry + "/data/" + ResilientNodeServer.encode(key));
      JsonNode body = parsed(r);
      if (r.status() == 200 && body != null && body.path("value").isString()) {
        return new LoadTally.ReadBack(key, expected, 200, body.path("value").asString());
      }
      return new LoadTally.ReadBack(
          key, expected, r.status() == 200 ? 500 : r.status(), reason(body, r));
    } catch (CallFailure e) {
      return new LoadTally.ReadBack(key, expected, 0, e.getMessage());
    }
  }

  @Override
  public void close() {
    http.close();
  }

  /** The registry's reason: its {@code detail}, or {@code detail.message} for a quorum refusal. */
  private static String reason(JsonNode body, ClientResponse r) {
    if (body == null) {
      return snippet(r);
    }
    JsonNode detail = body.path("detail");
    if (detail.path("message").isString()) {
      return detail.path("message").asString();
    }
    return detail.isString() ? detail.asString() : snippet(r);
  }

  private static JsonNode parsed(ClientResponse r) {
    try {
      JsonNode n = r.json();
      return n.isObject() ? n : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asString()));
    return names;
  }

  private static String snippet(ClientResponse r) {
    String text = r.text().strip().replaceAll("\\s+", " ");
    return text.isEmpty()
        ? "(an empty body)"
        : "'" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'";
  }
}
