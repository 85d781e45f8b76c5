package workshop.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every field of every body a workshop server reads, sent with the wrong JSON type: a 422 (or, for
 * what the parser itself refuses, a 400) in the one error shape, whose detail names the field and
 * what it must be, never a 500 and never a library's class. For each endpoint a body that works is
 * taken, and one field at a time is replaced: a string field by an array and an object; a number
 * field by a string, an array, an object, a fraction, 1.5e300, a 400-digit integer and a boolean; a
 * list by a string, a number, an object and a list of lists.
 */
class WrongJsonTypesTest {
  /** A field of a body, and the word its refusal must contain (its name, as the detail says it). */
  record Field(String name, Kind kind, String named) {}

  enum Kind {
    TEXT,
    NUMBER,
    LIST_OF_TEXT
  }

  /** One endpoint: its server, method, path, a body it takes, and its fields. */
  record Endpoint(String server, String method, String path, String body, List<Field> fields) {}

  static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint(
              "node",
              "POST",
              "/data",
              "{\"key\":\"k\",\"value\":\"v\"}",
              List.of(text("key"), text("value"))),
          new Endpoint(
              "router", "POST", "/data", "{\"key\":\"k\",\"value\":\"v\"}", List.of(text("key"))),
          new Endpoint(
              "router", "POST", "/nodes", "{\"url\":\"http://127.0.0.1:1\"}", List.of(text("url"))),
          new Endpoint(
              "replica",
              "PUT",
              "/replica/k",
              "{\"value\":\"v\",\"version\":1}",
              List.of(text("value"), number("version"))),
          new Endpoint(
              "replica",
              "POST",
              "/fault",
              "{\"block\":[\"x\"]}",
              List.of(new Field("block", Kind.LIST_OF_TEXT, "'block"))),
          new Endpoint(
              "gossip node",
              "POST",
              "/gossip",
              "{\"1\":1}",
              List.of(new Field("1", Kind.NUMBER, "node 1"))),
          new Endpoint(
              "registry",
              "POST",
              "/data",
              "{\"key\":\"k\",\"value\":\"v\"}",
              List.of(text("key"), text("value"))),
          new Endpoint(
              "registry",
              "POST",
              "/heartbeat",
              "{\"node_id\":\"node-9\",\"port\":1,\"address\":\"http://127.0.0.1:1\","
                  + "\"data_count\":0}",
              List.of(text("node_id"), number("port"), text("address"), number("data_count"))),
          new Endpoint(
              "registry",
              "POST",
              "/deregister",
              "{\"node_id\":\"node-9\"}",
              List.of(text("node_id"))),
          new Endpoint(
              "resilient node",
              "POST",
              "/data",
              "{\"key\":\"k\",\"value\":\"v\",\"version\":1}",
              List.of(text("key"), text("value"), number("version"))),
          new Endpoint(
              "resilient node",
              "POST",
              "/replicate",
              "{\"key\":\"k\",\"value\":\"v\",\"version\":1,\"source_node\":\"n\"}",
              List.of(text("key"), text("value"), number("version"), text("source_node"))),
          new Endpoint(
              "resilient node",
              "POST",
              "/gossip",
              "{\"key\":\"k\",\"value\":\"v\",\"version\":1,\"source_node\":\"n\"}",
              List.of(text("key"), text("value"), number("version"), text("source_node"))),
          new Endpoint(
              "resilient node",
              "POST",
              "/protocol/message",
              "{\"type\":\"Offer\",\"versions\":{\"k\":1},\"catchingUp\":false}",
              List.of(new Field("catchingUp", Kind.NUMBER, "'catchingUp'"))),
          new Endpoint(
              "cap replica",
              "POST",
              "/data",
              "{\"key\":\"k\",\"value\":\"v\"}",
              List.of(text("key"), text("value"))),
          new Endpoint(
              "cap replica",
              "POST",
              "/protocol/message",
              "{\"type\":\"Store\",\"op\":0,\"item\":{\"key\":\"k\",\"value\":\"v\","
                  + "\"stamp\":{\"millis\":1,\"replica\":\"cap-2\"},\"seen\":[]}}",
              List.of(
                  number("op"),
                  new Field("key", Kind.TEXT, ".key'"),
                  new Field("millis", Kind.NUMBER, ".millis'"))),
          new Endpoint(
              "resilient node",
              "POST",
              "/protocol/message",
              "{\"type\":\"Items\",\"items\":[{\"key\":\"k\",\"value\":\"v\",\"version\":1}]}",
              List.of(
                  new Field("key", Kind.TEXT, ".key'"),
                  new Field("version", Kind.NUMBER, ".version'"))));

  static final Map<Kind, List<String>> WRONG =
      Map.of(
          Kind.TEXT,
          List.of("[1,2]", "{\"a\":1}"),
          Kind.NUMBER,
          List.of(
              "\"abc\"", "[1]", "{\"a\":1}", "1.5", "1.5e300", "7".repeat(400), "true", "-1e400"),
          Kind.LIST_OF_TEXT,
          List.of("\"x\"", "5", "{\"a\":1}", "[[1]]", "[{\"a\":1}]"));

  private static Field text(String name) {
    return new Field(name, Kind.TEXT, "'" + name + "'");
  }

  private static Field number(String name) {
    return new Field(name, Kind.NUMBER, "'" + name + "'");
  }

  static final Map<String, HostileClientsTest.Running> SERVERS = new LinkedHashMap<>();
  static WebClient http;

  @BeforeAll
  static void start() {
    http = WebClient.create(Duration.ofSeconds(10));
    for (Endpoint e : ENDPOINTS) {
      SERVERS.computeIfAbsent(e.server(), HostileClientsTest::start);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (var s : SERVERS.values()) {
      s.close();
    }
    http.close();
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Endpoint e : ENDPOINTS) {
      for (Field f : e.fields()) {
        for (String wrong : WRONG.get(f.kind())) {
          // catchingUp is a boolean: a number there is as wrong as the rest.
          String value = f.name().equals("catchingUp") && wrong.equals("true") ? "7" : wrong;
          cases.add(
              Arguments.of(
                  e.server() + " " + e.method() + " " + e.path(),
                  e,
                  f,
                  with(e.body(), f.name(), value)));
        }
      }
    }
    return cases.stream();
  }

  /** {@code body} with the value of {@code field} replaced by the raw JSON {@code value}. */
  static String with(String body, String field, String value) {
    String key = "\"" + field + "\":";
    int at = body.indexOf(key) + key.length();
    int end = at;
    int depth = 0;
    boolean inString = false;
    for (; end < body.length(); end++) {
      char c = body.charAt(end);
      if (c == '"' && (end == at || body.charAt(end - 1) != '\\')) {
        inString = !inString;
      } else if (!inString && (c == '[' || c == '{')) {
        depth++;
      } else if (!inString && (c == ']' || c == '}')) {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (!inString && depth == 0 && c == ',') {
        break;
      }
    }
    return body.substring(0, at) + value + body.substring(end);
  }

  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("cases")
  void aWrongTypeIsA422NamingTheField(String where, Endpoint e, Field f, String body) {
    ClientResponse r =
        http.send(
            e.method(),
            SERVERS.get(e.server()).url() + e.path(),
            Map.of("Content-Type", "application/json"),
            body.getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(10));
    assertThat(r.status()).as(where + " " + body + " -> " + r.text()).isIn(400, 422);
    JsonNode answer = r.json();
    assertThat(answer.path("status").asInt()).as(r.text()).isEqualTo(r.status());
    String detail = answer.path("detail").asString();
    assertThat(detail).as(r.text()).contains(f.named());
    assertThat(detail.toLowerCase(java.util.Locale.ROOT))
        .as(r.text())
        .doesNotContain("jackson", "java.", "exception", "tools.", "com.", "class ");
  }
}
