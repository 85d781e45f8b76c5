package workshop.cap.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import workshop.cap.CapConfig;
import workshop.cap.CapMessage;
import workshop.cap.CapMode;
import workshop.protocol.http.ProtocolServer;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.WebClient;

/**
 * A cp cluster of three on real sockets, sent malformed, missing, oversized and hostile input: each
 * gets a JSON 4xx naming what was wrong, and the cluster still serves afterwards.
 */
class CapServerBadInputTest {
  private static final List<ProtocolServer<CapMessage>> servers = new ArrayList<>();
  private static final WebClient curl = WebClient.create(Duration.ofSeconds(10));
  private static String url;

  @BeforeAll
  static void start() throws IOException {
    List<String> names = List.of("cap-1", "cap-2", "cap-3");
    Map<String, String> addresses = new LinkedHashMap<>();
    for (String n : names) {
      try (ServerSocket s = new ServerSocket(0)) {
        addresses.put(n, "127.0.0.1:" + s.getLocalPort());
      }
    }
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    for (String n : names) {
      Map<String, String> peers = new LinkedHashMap<>(addresses);
      peers.remove(n);
      int port = Integer.parseInt(addresses.get(n).split(":")[1]);
      servers.add(
          CapServer.start(
              new CapServer.Settings(n, "127.0.0.1", port, peers, new CapConfig(CapMode.CP, names)),
              1,
              FaultPolicy.NONE,
              InstantSource.system(),
              log));
    }
    url = servers.get(0).url();
  }

  @AfterAll
  static void stop() {
    curl.close();
    servers.forEach(ProtocolServer::close);
  }

  private static ClientResponse post(String body) {
    return curl.send(
        "POST",
        url + "/data",
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(10));
  }

  @Test
  void malformedJsonIsA400() {
    ClientResponse r = post("{\"key\": \"user:x\", ");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("\"error\":\"malformed_json\"");
    assertThat(post("[1,2]").status()).isEqualTo(400);
  }

  @Test
  void aMissingOrMistypedFieldIsA422NamingIt() {
    assertThat(post("{\"value\": \"A\"}").text())
        .contains("field 'key' is required, e.g. \\\"user:x\\\"");
    assertThat(post("{\"key\": \"user:x\"}").text())
        .contains("field 'value' is required, e.g. \\\"A\\\"");
    ClientResponse typed = post("{\"key\": [1, 2], \"value\": \"A\"}");
    assertThat(typed.status()).isEqualTo(422);
    assertThat(typed.text()).contains("field 'key' must be a string, not an array");
    assertThat(post("{\"key\": \"\", \"value\": \"A\"}").status()).isEqualTo(422);
  }

  @Test
  void anOversizedKeyOrValueIsA422AndAnOversizedBodyA413() {
    ClientResponse value = post("{\"key\": \"k\", \"value\": \"" + "x".repeat(10_001) + "\"}");
    assertThat(value.status()).isEqualTo(422);
    assertThat(value.text()).contains("field 'value' may have at most 10000 characters, not 10001");
    ClientResponse key = post("{\"key\": \"" + "k".repeat(201) + "\", \"value\": \"v\"}");
    assertThat(key.status()).isEqualTo(422);
    assertThat(key.text()).contains("field 'key' may have at most 200 characters, not 201");
    ClientResponse body = post("{\"key\": \"k\", \"value\": \"" + "x".repeat(5_000_000) + "\"}");
    assertThat(body.status()).isEqualTo(413);
  }

  @Test
  void hostileKeysAreStoredAsTextAndReadBack() {
    // A key with quotes, a newline and non-Latin letters is data like any other.
    String key = "k\"\n\u00e9\u6f22";
    assertThat(curl.postJson(url + "/data", Map.of("key", key, "value", "<script>")).status())
        .isEqualTo(200);
    String encoded = java.net.URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    CapWire.Read read = curl.get(url + "/data/" + encoded).read(CapWire.Read.class);
    assertThat(read.value()).isEqualTo("<script>");
    assertThat(read.answered()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aPeerMessageOfTheWrongShapeIsRefusedAndChangesNothing() {
    ClientResponse r =
        curl.send(
            "POST",
            url + "/protocol/message",
            Map.of("Content-Type", "application/json", "X-Workshop-Peer", "cap-2"),
            "{\"type\": \"Store\", \"op\": 1, \"item\": {\"key\": 5}}"
                .getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(10));
    assertThat(r.status()).isEqualTo(422);
    assertThat(curl.get(url + "/").text()).doesNotContain("\"5\"");
  }

  @Test
  void anAbsentKeyReadsAsNotFoundFromAMajority() {
    CapWire.Read read = curl.get(url + "/data/nobody").read(CapWire.Read.class);
    assertThat(read.found()).isFalse();
    assertThat(read.value()).isNull();
    assertThat(read.answered()).isGreaterThanOrEqualTo(2);
    assertThat(curl.get(url + "/lost").read(CapWire.LostWrites.class).total()).isZero();
  }
}
