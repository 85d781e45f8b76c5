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
 * {@code ./workshop verify basics}, run as part of the test suite with real processes: file servers
 * under the lab's loop, ping and bench; a partition, a pause and a delay given by the student's own
 * commands; the cascade without and with protection; each seen where the lesson shows it.
 */
class BasicsCheckTest {
  @Test
  void everyStepOfTheLabShowsItsConceptOnRealProcesses() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Checkpoint> results =
        Verifier.run(
            List.of(ModuleCatalog.find("basics").orElseThrow()),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String transcript = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(transcript);
    assertThat(results).as(transcript).hasSize(11).allMatch(Checkpoint::passed);
    assertThat(results.get(3).observed()).contains("registry: node-3: alive -> dead");
    assertThat(results.get(2).observed()).contains("complete 500, failed 0");
    assertThat(results.get(5).observed()).contains("still accepts connections");
    // The lesson shows this run: its block must still say what it prints (numbers masked).
    DocTranscripts.assertMatch("./workshop verify basics", transcript);
  }
}
