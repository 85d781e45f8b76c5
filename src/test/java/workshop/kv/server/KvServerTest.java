package workshop.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workshop.kv.AppendLog;
import workshop.kv.FsyncPolicy;
import workshop.support.http.ClientResponse;
import workshop.support.http.FaultPolicy;
import workshop.support.http.WebClient;

class KvServerTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  /** A server with no HTTP side: most tests speak only RESP, and Helidon takes a while to start. */
  private KvServer start(FsyncPolicy policy) {
    return start(policy, -1);
  }

  private KvServer start(FsyncPolicy policy, int httpPort) {
    return KvServer.start(
        new KvServer.Config(
            "kv-1",
            "127.0.0.1",
            0,
            httpPort,
            policy,
            dir,
            FaultPolicy.NONE,
            new PrintStream(log, true, StandardCharsets.UTF_8)),
        InstantSource.system());
  }

  private static ClientResponse post(WebClient http, String url, String body) {
    return http.send(
        "POST",
        url,
        java.util.Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8),
        java.time.Duration.ofSeconds(10));
  }

  @Test
  void pipelinedCommandsInOneWriteGetEveryReplyInOrder() throws Exception {
    try (KvServer server = start(null);
        RespClient c = new RespClient(server.port())) {
      c.send("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\nGET a\r\n*2\r\n$3\r\nDEL\r\n$1\r\na\r\n");
      assertThat(c.reply()).isEqualTo("OK");
      assertThat(c.reply()).isEqualTo("\"1\"");
      assertThat(c.reply()).isEqualTo("(integer) 1");
      assertThat(c.call("INFO", "replication")).contains("master_repl_offset:47");
    }
  }

  @Test
  void garbageGetsAProtocolErrorAndTheConnectionIsClosed() throws Exception {
    try (KvServer server = start(null);
        RespClient c = new RespClient(server.port())) {
      c.send("*1\r\n$99999999999\r\n");
      assertThat(c.reply())
          .isEqualTo("(error) ERR Protocol error: invalid bulk length (at most 16777216 bytes)");
      assertThat(c.reply()).isEqualTo("(closed)");
    }
    try (KvServer server = start(null);
        RespClient c = new RespClient(server.port())) {
      assertThat(c.call("QUIT")).isEqualTo("OK");
      assertThat(c.reply()).isEqualTo("(closed)");
    }
  }

  @Test
  void httpWritesAndReadsTheSameKeysAsTheRedisProtocol() throws Exception {
    try (KvServer server = start(null, 0);
        RespClient c = new RespClient(server.port())) {
      WebClient http = WebClient.builder().timeout(java.time.Duration.ofSeconds(10)).build();
      ClientResponse written =
          post(http, server.httpUrl() + "/write", "{\"key\":\"tweet\",\"value\":\"Hello World\"}");
      assertThat(written.status()).isEqualTo(200);
      assertThat(written.text())
          .isEqualTo("{\"status\":\"written\",\"node\":\"kv-1\",\"key\":\"tweet\",\"offset\":42}");
      assertThat(c.call("GET", "tweet")).isEqualTo("\"Hello World\"");
      c.call("SET", "user_1", "Alice");
      assertThat(http.get(server.httpUrl() + "/data/user_1").text())
          .isEqualTo("{\"key\":\"user_1\",\"value\":\"Alice\",\"node\":\"kv-1\"}");
      ClientResponse missing = http.get(server.httpUrl() + "/data/nobody");
      assertThat(missing.status()).as("the original answered 200 with null").isEqualTo(404);
      assertThat(missing.text()).contains("\"error\":\"not_found\"", "no key 'nobody' on kv-1");
      assertThat(post(http, server.httpUrl() + "/write", "{\"key\":").status()).isEqualTo(400);
      assertThat(post(http, server.httpUrl() + "/write", "{\"key\":\"k\"}").status())
          .isEqualTo(422);
      assertThat(http.get(server.httpUrl() + "/stats").text())
          .contains("\"role\":\"master\"", "\"keys\":2", "\"appendonly\":\"off\"");
      // The shared /info, which ./workshop info prints as Redis's INFO, with the server's own part.
      assertThat(http.get(server.httpUrl() + "/info").text())
          .contains(
              "\"role\":\"kv\"",
              "\"replication_role\":\"master\"",
              "\"keys\":2",
              "\"appendonly\":\"off\"");
    }
  }

  @Test
  void aRestartReplaysTheLogToTheSameDataAndOffset() throws Exception {
    try (KvServer server = start(FsyncPolicy.ALWAYS);
        RespClient c = new RespClient(server.port())) {
      c.call("SET", "a", "1");
      c.call("SET", "b", "2");
      c.call("DEL", "a");
    }
    try (KvServer again = start(FsyncPolicy.ALWAYS);
        RespClient c = new RespClient(again.port())) {
      assertThat(c.call("GET", "b")).isEqualTo("\"2\"");
      assertThat(c.call("EXISTS", "a")).isEqualTo("(integer) 0");
      assertThat(c.call("INFO", "replication")).contains("master_repl_offset:74");
      assertThat(Files.size(again.logFile())).isEqualTo(74);
    }
    assertThat(log.toString()).contains("kv-1: replayed 3 writes from");
  }

  @Test
  void aTruncatedLastRecordIsDroppedWithOneLineAndTheRestKept() throws Exception {
    try (KvServer server = start(FsyncPolicy.EVERYSEC);
        RespClient c = new RespClient(server.port())) {
      c.call("SET", "a", "1");
    }
    Path file = dir.resolve("kv-1.aof");
    Files.writeString(file, "*3\r\n$3\r\nSET\r\n$1\r\nb", StandardOpenOption.APPEND);
    try (KvServer again = start(FsyncPolicy.EVERYSEC);
        RespClient c = new RespClient(again.port())) {
      assertThat(c.call("GET", "a")).isEqualTo("\"1\"");
      assertThat(c.call("DBSIZE")).isEqualTo("(integer) 1");
      c.call("SET", "c", "3");
    }
    assertThat(log.toString())
        .contains(
            "kv-1: dropped the last 18 bytes of "
                + file
                + ": an incomplete record, the end of a write cut short (Redis's"
                + " aof-load-truncated); kept 1 complete writes");
    assertThat(AppendLog.read(Files.readAllBytes(file)).writes()).hasSize(2);
  }

  @Test
  void corruptionInTheMiddleOfTheLogRefusesToStartNamingTheOffset() throws Exception {
    Files.writeString(
        dir.resolve("kv-1.aof"),
        "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\nXXXX*2\r\n$3\r\nDEL\r\n$1\r\na\r\n");
    assertThatThrownBy(() -> start(FsyncPolicy.NO))
        .isInstanceOf(AppendLog.CorruptLog.class)
        .hasMessageStartingWith("the append-only log is corrupt at byte offset 27");
  }
}
