package workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import workshop.module.WorkshopModule;
import workshop.support.proc.ProcessRecords;
import workshop.support.proc.Supervisor;

/** What {@code up} does when a process dies while the module starts: real processes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModuleRunTest {
  @TempDir Path state;

  @Test
  void aProcessThatExitsWhileTheModuleStartsIsNamedWithItsError() {
    int good = WorkshopJvm.freePort();
    ProcessRecords records = new ProcessRecords(state);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Supervisor supervisor = new Supervisor(out, records, true);
    ModuleRun run =
        new ModuleRun(
            "01",
            List.of(
                new WorkshopModule.Process(
                    "node-1", List.of("node", "--port", "" + good, "--id", "1")),
                new WorkshopModule.Process(
                    "node-2",
                    List.of(
                        "node",
                        "--port",
                        "" + WorkshopJvm.freePort(),
                        "--id",
                        "2",
                        "--workers",
                        "0"))),
            List.of(),
            supervisor,
            records,
            out);
    try {
      run.checkPorts();
      assertThatThrownBy(run::startAll)
          .isInstanceOf(ModuleRun.StartFailed.class)
          .hasMessage(
              "node-2 exited with code 1: error: --workers must be between 1 and 1024, got 0");
      assertThat(run.states()).extracting(ModuleRun.State::state).contains("exited with code 1");
    } finally {
      supervisor.stopAll(Duration.ofSeconds(3));
    }
    assertThat(records.live()).isEmpty();
    assertThat(WorkshopJvm.listens(good)).isFalse();
  }
}
