package workshop.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import workshop.support.http.FaultPolicy;

/**
 * The server driven by the real {@code redis-cli} (Debian's redis-tools), as a student types the
 * lab's commands; skipped, saying why, where redis-cli is not installed. Without a terminal
 * redis-cli prints bare values and errors without its {@code (error)} prefix.
 */
class RedisCliTest {
  private static KvServer server;

  @BeforeAll
  static void start() {
    assumeTrue(
        redisCli() != null,
        "redis-cli is not installed (Debian: apt-get install redis-tools); the real client's"
            + " test is skipped");
    server =
        KvServer.start(
            new KvServer.Config(
                "kv-1",
                "127.0.0.1",
                0,
                -1,
                null,
                Path.of("."),
                FaultPolicy.NONE,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
            InstantSource.system());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Path redisCli() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "redis-cli");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static String redisCli(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(redisCli().toString(), "-p", "" + server.port()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("redis-cli ended").isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  @Test
  void theLabsCommandsWorkFromTheRealRedisCli() throws Exception {
    assertThat(redisCli("PING")).isEqualTo("PONG");
    assertThat(redisCli("SET", "user_1", "Alice")).isEqualTo("OK");
    assertThat(redisCli("GET", "user_1")).isEqualTo("Alice");
    assertThat(redisCli("DEL", "user_1", "nobody")).isEqualTo("1");
    assertThat(redisCli("GET", "user_1")).isEmpty();
    assertThat(redisCli("INFO", "replication"))
        .startsWith("# Replication")
        // SET user_1 Alice is 36 bytes as the log holds it, DEL user_1 25 more
        .contains("role:master", "connected_slaves:0", "master_repl_offset:61");
    assertThat(redisCli("CLIENT", "LIST"))
        .matches(
            "id=\\d+ addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:\\d+ name= age=0 idle=0"
                + " flags=N db=0 cmd=client\\|list user=default resp=2");
  }

  @Test
  void unknownCommandsAndWrongArityShowRedisErrors() throws Exception {
    assertThat(redisCli("SLAVEOF", "NO", "ONE"))
        .isEqualTo("ERR unknown command 'SLAVEOF', with args beginning with: 'NO' 'ONE'");
    assertThat(redisCli("GET")).isEqualTo("ERR wrong number of arguments for 'get' command");
  }
}
