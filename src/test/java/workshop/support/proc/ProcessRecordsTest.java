package workshop.support.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRecordsTest {
  @TempDir Path dir;

  @Test
  void neverTreatsARecycledPidAsOurs() throws Exception {
    ProcessRecords records = new ProcessRecords(dir);
    ProcessHandle me = ProcessHandle.current();
    // Same PID as a live process, but recorded with another start time: a recycled PID.
    Files.createDirectories(records.dir());
    Files.writeString(
        records.dir().resolve(me.pid() + ".pid"), me.pid() + " " + Instant.EPOCH + " impostor\n");
    ProcessRecords.Entry entry = records.read().get(0);
    assertThat(entry.name()).isEqualTo("impostor");
    assertThat(entry.live()).isEmpty();
    assertThat(records.stopAll(Duration.ofMillis(100))).isEmpty();
    assertThat(me.isAlive()).isTrue();
    assertThat(records.read()).as("forgotten once found dead").isEmpty();
  }

  @Test
  void recordsFindsAndStopsAProcessByName() throws Exception {
    ProcessRecords records = new ProcessRecords(dir);
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      records.add(sleeper.toHandle(), "node-4");
      assertThat(records.read()).extracting(ProcessRecords.Entry::name).containsExactly("node-4");
      assertThat(records.find("node-4")).map(ProcessRecords.Entry::pid).contains(sleeper.pid());
      assertThat(records.find("node-5")).isEmpty();
      assertThat(records.stopAll(Duration.ofSeconds(2)))
          .extracting(ProcessRecords.Entry::pid)
          .containsExactly(sleeper.pid());
      assertThat(sleeper.isAlive()).isFalse();
      assertThat(records.read()).isEmpty();
    } finally {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void neverStopsTheProcessThatAsks() {
    ProcessRecords records = new ProcessRecords(dir);
    records.add(ProcessHandle.current(), "up");
    assertThat(records.stopAll(Duration.ofMillis(100))).isEmpty();
    assertThat(records.find("up")).isPresent();
  }

  @Test
  void skipsFilesItCannotRead() throws Exception {
    ProcessRecords records = new ProcessRecords(dir);
    Files.createDirectories(records.dir());
    Files.writeString(records.dir().resolve("1.pid"), "garbage");
    Files.writeString(records.dir().resolve("2.pid"), "12 not-an-instant x");
    Files.writeString(records.dir().resolve("3.pid"), "");
    assertThat(records.read()).isEmpty();
  }
}
