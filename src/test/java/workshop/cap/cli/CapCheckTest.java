package workshop.cap.cli;

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
 * {@code ./workshop verify cap}, run as part of the test suite with real processes: the same
 * partition refused by the minority in cp mode and accepted by both sides in ap mode.
 */
class CapCheckTest {
  @Test
  void theSamePartitionGivesOppositeOutcomesInTheTwoModes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Checkpoint> results =
        Verifier.run(
            List.of(ModuleCatalog.find("cap").orElseThrow()),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String transcript = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(transcript);
    assertThat(results).as(transcript).hasSize(4).allMatch(Checkpoint::passed);
    assertThat(results.get(0).observed()).contains("503 this side has 1 of 3 replicas");
    assertThat(results.get(3).observed()).contains("/lost total 1");
    // The lesson shows this run: its block must still say what it prints (numbers masked).
    DocTranscripts.assertMatch("./workshop verify cap", transcript);
  }
}
