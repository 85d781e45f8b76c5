package workshop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.support.http.FaultPolicy;
import workshop.support.proc.AddressBook;

/**
 * The basics lesson's step 9, {@code redis-cli INFO} and {@code CLIENT LIST} on a workshop node:
 * node-1 runs (here in this JVM, listed in the stage's address book as {@code up} lists it), one
 * client holds an HTTP/1.0 keep-alive connection to it, as {@code ab -k} does, and has stored and
 * read a key; then the lesson's {@code ./workshop info node-1} and {@code clients node-1} run as a
 * student runs them, and their output is compared with the lesson's block (masked).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BasicsInfoScenesTest {
  static final String INFO = "info and clients on node-1 in the basics lab";

  @TempDir Path state;

  @Test
  void infoAndClientsShowWhatTheLessonShows() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (NodeServer node =
            NodeServer.start(new NodeConfig(1, "127.0.0.1", 0, 0, 1), FaultPolicy.NONE, quiet);
        Stage stage = Stage.empty(state);
        Socket keptOpen = new Socket("127.0.0.1", node.port())) {
      new AddressBook(state).add("node-1", node.url());
      stage.map(5001, node.port());
      keptOpen.setSoTimeout(30_000);
      String body = "{\"key\":\"user:1\",\"value\":\"alice\"}";
      ask(
          keptOpen,
          "POST /data HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n"
              + "Content-Type: application/json\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n"
              + body);
      ask(keptOpen, get("/data/user:1"));
      stage.play(
          INFO,
          command -> {
            if (command.contains("clients")) {
              // info's own connection has closed by now; wait until the node has seen it close,
              // then read the key again so the kept connection's last request is the lesson's.
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
              while (count(ask(keptOpen, get("/clients")), "\"id\":") > 1
                  && System.nanoTime() < deadline) {
                Stage.pause(java.time.Duration.ofMillis(20));
              }
              ask(keptOpen, get("/data/user:1"));
            }
          });
    }
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n";
  }

  /** Sends one request on the kept connection and reads its answer (by Content-Length). */
  private static String ask(Socket s, String request) {
    try {
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      var in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        assertThat(b).as("an answer on the kept connection").isNotNegative();
        head.append((char) b);
      }
      String length = head.toString().replaceFirst("(?s).*Content-Length: (\\d+).*", "$1");
      assertThat(head).contains("Connection: keep-alive");
      return new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int count(String text, String what) {
    return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
  }
}
