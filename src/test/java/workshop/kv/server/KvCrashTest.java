package workshop.kv.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import workshop.cli.WorkshopJvm;
import workshop.kv.AppendLog;
import workshop.kv.WriteOp;

/**
 * Each {@code --appendonly} policy against a real {@code kill -9} during a steady stream of writes:
 * a client sends SET after SET and counts the acknowledged ones; another thread kills the process
 * once 150 are acknowledged, while the client goes on writing; the log is then read as the next
 * start would read it. A killed process loses nothing that its {@code write} already handed to the
 * kernel, so no policy should lose an acknowledged write here; what {@code everysec} and {@code no}
 * risk is a machine crash, which a test cannot cause.
 */
class KvCrashTest {
  @TempDir Path state;

  @ParameterizedTest(name = "appendonly {0}")
  @ValueSource(strings = {"always", "everysec", "no"})
  void noAcknowledgedWriteIsLostToKillNine(String policy) throws Exception {
    Path dir = state.resolve(policy);
    int port = WorkshopJvm.freePort();
    AtomicInteger acked = new AtomicInteger();
    try (WorkshopJvm kv =
        WorkshopJvm.start(
            state,
            "kv",
            "--port",
            Integer.toString(port),
            "--http-port",
            "0",
            "--id",
            "kv-crash",
            "--appendonly",
            policy,
            "--dir",
            dir.toString())) {
      assertThat(kv.awaitLine(l -> l.contains("Redis protocol on"), Duration.ofSeconds(30)))
          .as(kv.output())
          .isTrue();
      Thread killer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (acked.get() < 150) {
                      Thread.onSpinWait();
                    }
                    kv.close(); // SIGKILL, while the writes go on
                  });
      try (RespClient client = new RespClient(port)) {
        for (int i = 0; i < 5_000; i++) {
          String reply;
          try {
            reply = client.call("SET", "key:" + i, "value:" + i);
          } catch (IOException e) {
            break; // the connection died with the process
          }
          if (!reply.equals("OK")) {
            break; // "(closed)": the process is gone
          }
          acked.incrementAndGet();
        }
      }
      killer.join();
    }
    Set<String> logged = new HashSet<>();
    AppendLog.Loaded loaded = AppendLog.read(Files.readAllBytes(dir.resolve("kv-crash.aof")));
    for (WriteOp w : loaded.writes()) {
      logged.add(((WriteOp.Set) w).key());
    }
    int lost = 0;
    for (int i = 0; i < acked.get(); i++) {
      lost += logged.contains("key:" + i) ? 0 : 1;
    }
    System.out.printf(
        "appendonly %s: %d writes acknowledged, %d in the log after kill -9, %d acknowledged lost,"
            + " %d bytes of a cut record%n",
        policy, acked.get(), logged.size(), lost, loaded.droppedBytes());
    assertThat(acked.get())
        .as("the kill landed during the stream, not after it")
        .isBetween(150, 4_999);
    assertThat(lost).isZero();
    assertThat(logged.size())
        .as("at most the one write in flight is logged unacknowledged")
        .isLessThanOrEqualTo(acked.get() + 1);
  }
}
