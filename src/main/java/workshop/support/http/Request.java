package workshop.support.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import workshop.support.json.Json;

/** An inbound HTTP request as handlers see it. Header names are case-insensitive. */
public final class Request {
  private final String method;
  private final String path;
  private final String rawQuery;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final String remoteAddress;
  private Map<String, String> pathParams = Map.of();
  private boolean provedToken;

  public Request(
      String method,
      String path,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      String remoteAddress) {
    this(fold(headers), method, path, rawQuery, body, remoteAddress);
  }

  private Request(
      TreeMap<String, List<String>> folded,
      String method,
      String path,
      String rawQuery,
      byte[] body,
      String remoteAddress) {
    this.method = method;
    this.path = path;
    this.rawQuery = rawQuery;
    this.headers = folded;
    this.body = body;
    this.remoteAddress = remoteAddress;
  }

  /**
   * A request whose headers a transport has already collected case-insensitively; the map is used
   * as it is, not copied.
   */
  static Request parsed(
      String method,
      String path,
      String rawQuery,
      TreeMap<String, List<String>> headers,
      byte[] body,
      String remoteAddress) {
    if (headers.comparator() != String.CASE_INSENSITIVE_ORDER) {
      throw new IllegalArgumentException("header names must be compared case-insensitively");
    }
    return new Request(headers, method, path, rawQuery, body, remoteAddress);
  }

  private static TreeMap<String, List<String>> fold(Map<String, List<String>> headers) {
    TreeMap<String, List<String>> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    folded.putAll(headers);
    return folded;
  }

  /** A request built in code, for tests and in-process callers. */
  public static Request of(String method, String path, String body) {
    int q = path.indexOf('?');
    return new Request(
        method,
        q < 0 ? path : path.substring(0, q),
        q < 0 ? null : path.substring(q + 1),
        Map.of(),
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
        "127.0.0.1:0");
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The query string as received (still URL-encoded), or null. */
  public String rawQuery() {
    return rawQuery;
  }

  /** Path and query as they appeared on the request line. */
  public String target() {
    return rawQuery == null ? path : path + "?" + rawQuery;
  }

  public Map<String, List<String>> headers() {
    return headers;
  }

  /** First value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public byte[] body() {
    return body;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Address and port of the connection's other end, as "host:port". */
  public String remoteAddress() {
    return remoteAddress;
  }

  /**
   * Who sent this: the {@value Peers#HEADER} header that workshop clients set, else the remote
   * address. Fault rules and per-client limits key on it.
   */
  public String peer() {
    String declared = header(Peers.HEADER);
    return declared != null && !declared.isBlank() ? declared : remoteAddress;
  }

  /** A named segment of the matched route, URL-decoded: {@code /data/{key}}. */
  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("route has no parameter {" + name + "}");
    }
    return value;
  }

  void pathParams(Map<String, String> params) {
    this.pathParams = params;
  }

  /**
   * Whether this request carried the server's token ({@value AdminToken#HEADER} with the value of
   * {@value AdminToken#ENV}), on any server that has one, loopback included: a registry believes
   * the address a heartbeat names only as far as the heartbeat proved the token. False when the
   * server has no token.
   */
  public boolean provedToken() {
    return provedToken;
  }

  void provedToken(boolean proved) {
    this.provedToken = proved;
  }

  /** Decoded query parameters; a name given twice keeps its first value. */
  public Map<String, String> query() {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(name, value);
    }
    return params;
  }

  /**
   * The body read into a wire record: {@code request.read(Heartbeat.class)}. Components are the
   * JSON field names; each is required unless marked {@code @Json.Optional}.
   *
   * @throws HttpError 400 when the body is empty, not JSON, or not a JSON object where a record is
   *     expected; 422 naming the field and what it must be when a field is missing, of the wrong
   *     type or out of range
   */
  public <T> T read(Class<T> type) {
    try {
      return Json.read(body, type);
    } catch (Json.ShapeFailure e) {
      if (e.wholeDocument()) {
        throw new HttpError(400, "malformed_json", e.getMessage());
      }
      throw HttpError.unprocessable(e.getMessage());
    } catch (Json.JsonParseFailure e) {
      throw new HttpError(400, "malformed_json", e.getMessage());
    }
  }

  static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("malformed percent-encoding in '" + s + "'");
    }
  }

  static List<String> segments(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/", -1)) {
      parts.add(p);
    }
    return parts;
  }
}
