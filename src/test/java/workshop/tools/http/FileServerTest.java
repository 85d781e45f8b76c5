package workshop.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.WebClient;

/** A real file server on port 0 over a temporary folder, asked by a real client. */
class FileServerTest {
  @TempDir Path dir;
  @TempDir Path outside;

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private FileServer server;
  private WebClient http;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("hello.txt"), "hello from 8001\n");
    Files.createDirectories(dir.resolve("notes"));
    Files.writeString(dir.resolve("notes/a.json"), "{\"a\":1}");
    Files.createDirectories(dir.resolve("site"));
    Files.writeString(dir.resolve("site/index.html"), "<h1>site</h1>");
    Files.writeString(outside.resolve("secret.txt"), "not yours");
    Files.createSymbolicLink(dir.resolve("escape"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(dir.resolve("inside"), dir.resolve("hello.txt"));
    server =
        FileServer.start(
            "serve",
            dir,
            "127.0.0.1",
            0,
            FaultPolicy.NONE,
            new PrintStream(logBytes, true, StandardCharsets.UTF_8),
            InstantSource.system());
    http = WebClient.create(Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  private ClientResponse get(String path) {
    return http.get(server.url() + path);
  }

  @Test
  void servesAFileWithItsTypeAndLogsOneLinePerRequest() {
    ClientResponse r = get("/hello.txt");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("hello from 8001\n");
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(get("/notes/a.json").header("Content-Type")).isEqualTo("application/json");
    String[] log = logBytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(log).hasSize(2);
    assertThat(log[0])
        .matches(
            "127\\.0\\.0\\.1 - - \\[\\d\\d/\\w{3}/\\d{4} \\d\\d:\\d\\d:\\d\\d\\] \"GET /hello.txt"
                + " HTTP/1\\.1\" 200 16 \\d+\\.\\d ms");
  }

  @Test
  void listsAFolderWithoutIndexAndServesTheIndexOfOneWithIt() {
    ClientResponse root = get("/");
    assertThat(root.status()).isEqualTo(200);
    assertThat(root.text())
        .contains("Directory listing for /")
        .contains("<a href=\"hello.txt\">hello.txt</a>")
        .contains("<a href=\"notes/\">notes/</a>");
    assertThat(get("/site/").text()).isEqualTo("<h1>site</h1>");
  }

  @Test
  void aFolderWithoutItsSlashIsRedirectedToIt() {
    ClientResponse r = get("/notes");
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.header("Location")).isEqualTo("/notes/");
  }

  @Test
  void aMissingFileIsAJson404() {
    ClientResponse r = get("/nope.txt");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text())
        .isEqualTo(
            "{\"error\":\"not_found\",\"detail\":\"no file /nope.txt in the served"
                + " folder\",\"status\":404}");
  }

  @Test
  void aLinkInsideTheFolderIsServedAndOneLeadingOutIsRefused() {
    assertThat(get("/inside").text()).isEqualTo("hello from 8001\n");
    ClientResponse r = get("/escape");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.text()).contains("leads outside the served folder").doesNotContain("not yours");
  }

  @Test
  void dotDotIsRefusedHoweverItIsSpelledOnTheWire() throws Exception {
    for (String path : new String[] {"/../etc/passwd", "/notes/../../x", "/%2e%2e/%2e%2e/etc"}) {
      String answer = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(answer)
          .as(path)
          .startsWith("HTTP/1.1 403")
          .contains("would leave the served folder");
    }
    String bad = raw("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    // The transport refuses a malformed escape before the file server sees it; SafePathTest
    // covers the file server's own refusal.
    assertThat(bad).startsWith("HTTP/1.1 400").contains("percent-encoded");
  }

  @Test
  void answersHealthAndStatsAsEveryWorkshopServer() {
    get("/hello.txt");
    get("/nope");
    assertThat(get("/health").text())
        .contains("\"status\":\"healthy\"")
        .contains("\"server\":\"serve\"");
    assertThat(get("/stats").text())
        .contains("\"by_status\":{\"200\":2,\"404\":1}")
        .contains("\"requests\":3");
  }

  @Test
  void otherMethodsGetTheJson405() {
    ClientResponse r = http.post(server.url() + "/hello.txt");
    assertThat(r.status()).isIn(404, 405);
    assertThat(r.text()).startsWith("{\"error\":");
  }

  @Test
  void refusesToStartOnSomethingThatIsNotAFolder() {
    Path file = dir.resolve("hello.txt");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                FileServer.start(
                    "serve",
                    file,
                    "127.0.0.1",
                    0,
                    FaultPolicy.NONE,
                    System.out,
                    InstantSource.system()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a folder");
  }

  /** Sends bytes as they are, so no client library tidies the path first. */
  private String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) > 0) {
        got.write(buf, 0, n);
        String text = got.toString(StandardCharsets.UTF_8);
        int head = text.indexOf("\r\n\r\n");
        java.util.regex.Matcher length =
            java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(text);
        if (head >= 0
            && length.find()
            && got.size() >= head + 4 + Integer.parseInt(length.group(1))) {
          break; // the whole answer: the server may keep the connection open
        }
      }
      return got.toString(StandardCharsets.UTF_8);
    }
  }
}
