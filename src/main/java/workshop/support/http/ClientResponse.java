package workshop.support.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import workshop.support.json.Json;

/**
 * An answer received by {@link WebClient}. Header names are case-insensitive.
 *
 * @param headers every header as received, in order, names as sent
 */
public record ClientResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {
  public String header(String name) {
    for (var h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body as JSON; throws {@link Json.JsonParseFailure} when it is not. */
  public JsonNode json() {
    return Json.parse(body);
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
