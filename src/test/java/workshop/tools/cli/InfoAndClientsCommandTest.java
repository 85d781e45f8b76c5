package workshop.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.support.cli.UserError;
import workshop.support.http.ClientEntry;
import workshop.support.http.FaultPolicy;
import workshop.support.proc.AddressBook;

/**
 * {@code ./workshop info} and {@code clients} against a real node found by name in an address book,
 * and every way a target can be wrong: a name nobody runs, a name whose process ended, a port where
 * something other than a workshop server answers, and names no server could have.
 */
class InfoAndClientsCommandTest {
  /**
   * A fresh JVM's first HTTP call, on a 2-core machine shared with several builds, has taken over 6
   * s (class loading and compiling on both ends); later ones take milliseconds.
   */
  private static final java.time.Duration FIRST_CALL = java.time.Duration.ofSeconds(30);

  @TempDir Path state;

  private static NodeServer node() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return NodeServer.start(new NodeConfig(1, "127.0.0.1", 0, 0, 1), FaultPolicy.NONE, quiet);
  }

  private String info(String target, boolean json) {
    InfoCommand c = new InfoCommand();
    c.query = ServerQuery.of(target, json, FIRST_CALL);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertThat(c.run(state, new PrintStream(bytes, true, StandardCharsets.UTF_8))).isZero();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private String clients(String target) {
    ClientsCommand c = new ClientsCommand();
    c.query = ServerQuery.of(target, false, FIRST_CALL);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertThat(c.run(state, new PrintStream(bytes, true, StandardCharsets.UTF_8))).isZero();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsANodesInfoInRedisSectionsByNameOrAddress() {
    try (NodeServer node = node()) {
      new AddressBook(state).add("node-1", node.url());

      List<String> byName = info("node-1", false).lines().toList();
      String byAddress = info("127.0.0.1:" + node.port(), false);
      String json = info("node-1", true);

      assertThat(byName)
          .startsWith("# Server", "name:node-1", "role:node", "id:1")
          .contains("port:" + node.port(), "# Clients", "# Stats", "# Keyspace", "keys:0")
          .contains("# Faults", "rules:none");
      assertThat(byAddress).contains("role:node");
      assertThat(json).startsWith("{\"server\":{\"name\":\"node-1\"");
    }
  }

  @Test
  void listsOpenConnectionsAsClientListLinesTheAskingOneLast() throws Exception {
    try (NodeServer node = node();
        Socket other = new Socket("127.0.0.1", node.port())) {
      new AddressBook(state).add("node-1", node.url());
      other.getOutputStream().write("GET /keys HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      other.getInputStream().read(); // the answer has begun: the request was served

      List<String> lines = clients("node-1").lines().toList();

      assertThat(lines).hasSize(2);
      assertThat(lines.get(0))
          .matches(
              "id=\\d+ addr=127\\.0\\.0\\.1:\\d+ age=\\d+ idle=\\d+ requests=1 active=0"
                  + " http=1.1 last=GET /keys");
      assertThat(lines.get(1)).contains("requests=1 active=1").endsWith("last=GET /clients");
    }
  }

  @Test
  void rendersSectionsListsAndNestedValues() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("server", Map.of("name", "node-1"));
    info.put("faults", Map.of("rules", List.of("delay node-1 100ms", "loss all 5%")));
    info.put("clients", Map.of("pool", Map.of("busy", 2)));

    assertThat(InfoCommand.render(info))
        .containsExactly(
            "# Server",
            "name:node-1",
            "",
            "# Faults",
            "rule_1:delay node-1 100ms",
            "rule_2:loss all 5%",
            "",
            "# Clients",
            "pool:{\"busy\":2}");
    assertThat(
            ClientsCommand.line(
                new ClientEntry(3, "127.0.0.1:52555", 12_500, 999, 5, false, "1.0", "GET /x")))
        .isEqualTo(
            "id=3 addr=127.0.0.1:52555 age=12 idle=0 requests=5 active=0 http=1.0 last=GET /x");
  }

  @Test
  void aNameNobodyRunsIsRefusedNamingTheOnesThatRun() {
    try (NodeServer node = node()) {
      new AddressBook(state).add("node-1", node.url());

      assertThatThrownBy(() -> info("node-9", false))
          .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(2))
          .hasMessageContaining("no workshop server named node-9 runs")
          .hasMessageContaining("running: node-1");
    }
  }

  @Test
  void aNameWhoseProcessEndedIsNotTakenForAServer() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path servers = Files.createDirectories(new AddressBook(state).dir());
    Files.writeString(
        servers.resolve(ended.pid() + "-5001.server"),
        ended.pid() + " - node-1 http://127.0.0.1:5001\n");

    assertThatThrownBy(() -> clients("node-1"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("no workshop server named node-1 runs here, and none runs at all");
  }

  @Test
  void aPortWhereSomethingElseAnswersIsSaidToBeNoWorkshopServer() throws Exception {
    com.sun.net.httpserver.HttpServer plain =
        com.sun.net.httpserver.HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    plain.createContext(
        "/",
        exchange -> {
          byte[] body = "<html>File not found</html>".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(404, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    plain.start();
    try {
      assertThatThrownBy(() -> info("127.0.0.1:" + plain.getAddress().getPort(), false))
          .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(1))
          .hasMessageContaining("answered GET /info with 404: not a workshop server")
          .hasMessageContaining("File not found");
    } finally {
      plain.stop(0);
    }
  }

  @Test
  void aPortThatSpeaksAnotherProtocolOrNothingIsSaidSo() throws Exception {
    try (ServerSocket redisLike = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                // As Redis does: an error line for each connection's first "command", then close.
                while (!redisLike.isClosed()) {
                  try (Socket s = redisLike.accept()) {
                    s.getOutputStream().write("-ERR unknown command 'GET'\r\n".getBytes());
                  } catch (IOException e) {
                    return; // the test is over
                  }
                }
              });
      assertThatThrownBy(() -> clients("127.0.0.1:" + redisLike.getLocalPort()))
          .isInstanceOf(UserError.class)
          .hasMessageStartingWith("cannot ask 127.0.0.1:" + redisLike.getLocalPort());
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThatThrownBy(() -> info("127.0.0.1:" + closed, false))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("cannot ask 127.0.0.1:" + closed);
  }

  @Test
  void namesNoServerCouldHaveAreRefusedBeforeAnythingIsAsked() {
    for (String hostile :
        List.of(
            "../../etc/passwd", "node-1;rm -rf /", "x".repeat(10_000), " ", "5001", "a:99999")) {
      assertThatThrownBy(() -> info(hostile, false))
          .as(hostile.length() > 40 ? "a 10,000-character name" : hostile)
          .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(2))
          .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    }
  }
}
