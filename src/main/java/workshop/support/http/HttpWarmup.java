package workshop.support.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import workshop.support.json.Json;

/**
 * A training run for the JDK's ahead-of-time class cache: {@code ./workshop} runs this once after
 * each build on JDK 25 or newer ({@code java -XX:AOTCacheOutput=target/workshop.aot -cp
 * target/workshop.jar workshop.support.http.HttpWarmup}), and every workshop process then starts
 * with the classes it used already loaded and linked. It serves and calls the paths every process
 * uses: a server with JSON routes, the general and the keep-alive client, and a malformed request.
 * It binds a free port on 127.0.0.1 and stops by itself within a few seconds.
 */
public final class HttpWarmup {
  /** What the warm-up stores: read from each POST as a typed record, as every server does. */
  record Item(String key, @Json.Optional String value) {}

  private HttpWarmup() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    Routes routes =
        new Routes()
            .get("/", r -> Response.ok(Json.map("message", "warm")))
            .post("/data", r -> Response.ok(Json.map("stored", r.read(Item.class).key())))
            .get("/data/{key}", r -> Response.ok(Json.map("key", r.pathParam("key"))));
    Observable observable =
        new Observable() {
          @Override
          public Object health() {
            return Json.map("status", "ok");
          }

          @Override
          public Object stats() {
            return Json.map("rounds", rounds);
          }
        };
    Duration timeout = Duration.ofSeconds(5);
    try (WebServer server = WebServer.builder("warmup").routes(routes).observe(observable).start();
        WebClient client = WebClient.builder().timeout(timeout).peerName("warmup").build();
        KeepAliveClient fast = new KeepAliveClient(timeout, "warmup", 4)) {
      String url = server.url();
      for (int i = 0; i < rounds; i++) {
        client.get(url + "/health");
        client.postJson(url + "/data", Json.map("key", "k" + i, "value", "v"));
        fast.send("GET", url, "/data/k" + i, Map.of(), null, timeout);
        fast.send("GET", url, "/stats", Map.of(), null, timeout);
      }
      client.get(url + "/nowhere");
      malformed(server.port());
    }
  }

  private static void malformed(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write("GET /bad%G1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.getInputStream().readAllBytes();
    }
  }
}
