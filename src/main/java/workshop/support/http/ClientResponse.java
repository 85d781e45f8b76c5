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

  /**
   * The body read into a wire record, the way {@code Request.read} reads requests.
   *
   * @throws Json.JsonParseFailure when the body is not JSON; its subclass {@link Json.ShapeFailure}
   *     when it is JSON of another shape (its message names the field)
   */
  public <T> T read(Class<T> type) {
    return Json.read(body, type);
  }

  /**
   * The body read into a record the way a live view should: what cannot be read becomes null and
   * the view says what is missing; see {@link Json#readTolerantly}.
   */
  public <T> T readTolerantly(Class<T> type) {
    return Json.readTolerantly(body, type);
  }

  /**
   * The body as the JSON library's tree, for tests that check the wire shape itself (field names
   * the original's clients rely on). Lessons read records with {@link #read}; ArchUnit keeps the
   * library's types out of them.
   */
  public JsonNode json() {
    return Json.parse(body);
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
