package workshop.chaos.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import workshop.chaos.ChaosMonkey;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;

/**
 * The chaos monkey's only way to touch the cluster: the registry's {@code GET /nodes}, {@code POST
 * /kill/{id}} and {@code POST /restart/{id}}. It never looks at processes.
 */
public final class ChaosClient implements AutoCloseable {
  /** The registry's answer to a kill or a restart: its status, and what it said worth printing. */
  public record Answer(int status, String note) {
    public boolean ok() {
      return status == 200;
    }
  }

  private final String registry;

  // A kill waits up to 3 s for the node to stop answering; leave room for that.
  private final WebClient http =
      WebClient.builder().timeout(Duration.ofSeconds(8)).peerName("chaos").build();

  public ChaosClient(String registry) {
    this.registry = registry;
  }

  public String registry() {
    return registry;
  }

  /**
   * The registry's nodes.
   *
   * @throws IllegalStateException with a one-line reason when it cannot be reached or answers like
   *     something else
   */
  public List<ChaosMonkey.Node> nodes() {
    ClientResponse r;
    try {
      r = http.get(registry + "/nodes");
    } catch (CallFailure e) {
      throw new IllegalStateException(
          "cannot reach the registry at " + registry + " (" + e.getMessage() + ")");
    }
    JsonNode body = parsed(r);
    JsonNode nodes = body == null ? null : body.get("nodes");
    if (r.status() != 200 || nodes == null || !nodes.isArray()) {
      throw new IllegalStateException(
          registry
              + " answered GET /nodes with "
              + r.status()
              + " and no node list, which is not a registry's answer; is --registry the"
              + " registry's URL?");
    }
    List<ChaosMonkey.Node> list = new ArrayList<>();
    for (JsonNode n : nodes) {
      ChaosMonkey.State state =
          switch (n.path("status").asString()) {
            case "alive" -> ChaosMonkey.State.ALIVE;
            case "dead" -> ChaosMonkey.State.DOWN;
            default -> ChaosMonkey.State.OTHER;
          };
      list.add(new ChaosMonkey.Node(n.path("node_id").asString(), state));
    }
    return list;
  }

  /** Kills {@code id} through the registry; the note says when the process did not stop. */
  public Answer kill(String id) {
    return send("/kill/" + encode(id));
  }

  /** Starts {@code id} again through the registry. */
  public Answer restart(String id) {
    return send("/restart/" + encode(id));
  }

  private Answer send(String path) {
    try {
      ClientResponse r = http.post(registry + path);
      JsonNode body = parsed(r);
      if (body == null) {
        return new Answer(r.status(), "an answer that is not JSON: " + r.text().strip());
      }
      if (r.status() == 200) {
        boolean stopped = body.path("process_terminated").asBoolean(true);
        return new Answer(200, stopped ? "" : body.path("message").asString());
      }
      return new Answer(r.status(), body.path("detail").asString(r.text().strip()));
    } catch (CallFailure e) {
      return new Answer(0, e.getMessage());
    }
  }

  private static String encode(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private static JsonNode parsed(ClientResponse r) {
    try {
      JsonNode n = r.json();
      return n.isObject() ? n : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
