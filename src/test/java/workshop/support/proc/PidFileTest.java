package workshop.support.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
  @TempDir Path dir;

  @Test
  void neverTreatsARecycledPidAsOurs() throws Exception {
    PidFile file = new PidFile(dir.resolve("up.pids"));
    ProcessHandle me = ProcessHandle.current();
    // Same PID as a live process, but recorded with another start time: a recycled PID.
    Files.write(file.path(), List.of(me.pid() + " " + Instant.EPOCH + " impostor"));
    PidFile.Entry entry = file.read().get(0);
    assertThat(entry.name()).isEqualTo("impostor");
    assertThat(entry.live()).isEmpty();
    assertThat(file.stopAll(java.time.Duration.ofMillis(100))).isEmpty();
    assertThat(me.isAlive()).isTrue();
    assertThat(Files.exists(file.path())).isFalse();
  }

  @Test
  void recordsAndStopsAProcessItStarted() throws Exception {
    PidFile file = new PidFile(dir.resolve("up.pids"));
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      file.add(sleeper.toHandle(), "sleeper");
      assertThat(file.read()).extracting(PidFile.Entry::name).containsExactly("sleeper");
      assertThat(file.stopAll(java.time.Duration.ofSeconds(2)))
          .extracting(PidFile.Entry::pid)
          .containsExactly(sleeper.pid());
      assertThat(sleeper.isAlive()).isFalse();
    } finally {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void skipsLinesItCannotRead() throws Exception {
    PidFile file = new PidFile(dir.resolve("up.pids"));
    Files.write(file.path(), List.of("garbage", "12 not-an-instant x", ""));
    assertThat(file.read()).isEmpty();
  }
}
