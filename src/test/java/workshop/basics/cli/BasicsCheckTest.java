package workshop.basics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import workshop.cli.ModuleCatalog;
import workshop.docs.DocTranscripts;
import workshop.verify.Checkpoint;
import workshop.verify.Verifier;

/**
 * {@code ./workshop verify basics}, run as part of the test suite with real processes: a partition,
 * a pause and a delay given by the student's own commands, each seen where the lesson shows it.
 */
class BasicsCheckTest {
  @Test
  void thePartitionThePauseAndTheDelayEachShowOnRealProcesses() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Checkpoint> results =
        Verifier.run(
            List.of(ModuleCatalog.find("basics").orElseThrow()),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String transcript = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(transcript);
    assertThat(results).as(transcript).hasSize(6).allMatch(Checkpoint::passed);
    assertThat(results.get(0).observed()).contains("registry: node-3: alive -> dead");
    assertThat(results.get(2).observed()).contains("still accepts connections");
    // The lesson shows this run: its block must still say what it prints (numbers masked).
    DocTranscripts.assertMatch("./workshop verify basics", transcript);
  }
}
