package workshop.support.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import workshop.support.json.Json;

/** An HTTP answer: status, headers and body bytes. Build one with the static factories. */
public final class Response {
  public static final String JSON = "application/json";
  public static final String TEXT = "text/plain; charset=utf-8";

  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;

  private Response(int status, Map<String, String> headers, byte[] body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /** A JSON answer; {@code value} may be a record, a map, a list or a JSON tree. */
  public static Response json(int status, Object value) {
    return new Response(status, contentType(JSON), Json.write(value));
  }

  public static Response ok(Object value) {
    return json(200, value);
  }

  public static Response text(int status, String text) {
    return new Response(status, contentType(TEXT), text.getBytes(StandardCharsets.UTF_8));
  }

  public static Response bytes(int status, String contentType, byte[] body) {
    return new Response(status, contentType(contentType), body);
  }

  /**
   * An answer with exactly these headers, in their order, for proxies. The map is kept, not copied:
   * the caller hands it over and does not change it afterwards.
   */
  public static Response of(int status, LinkedHashMap<String, String> headers, byte[] body) {
    return new Response(status, headers, body);
  }

  /** A JSON error in the workshop's one shape: {@code {"error", "detail", "status"}}. */
  public static Response error(int status, String code, String detail) {
    return json(status, Json.map("error", code, "detail", detail, "status", status));
  }

  /** A copy with one more header (replacing one of the same name). */
  public Response withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Response(status, copy, body);
  }

  /** A copy with these headers added (replacing any of the same name), copied once. */
  public Response withHeaders(Map<String, String> more) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.putAll(more);
    return new Response(status, copy, body);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public String header(String name) {
    for (var e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  public byte[] body() {
    return body;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  private static Map<String, String> contentType(String type) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", type);
    return headers;
  }
}
