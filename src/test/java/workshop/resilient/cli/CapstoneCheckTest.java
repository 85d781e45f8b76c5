package workshop.resilient.cli;

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
 * {@code ./workshop verify 23}, run as part of the test suite with real processes: the manual's
 * Module 23 steps verbatim (write alice, kill node-2, write bob, scale up, graduate), and the art
 * at Step 7 with no restart of node-2.
 */
class CapstoneCheckTest {
  @Test
  void theManualsStepsVerbatimEndWithTheGraduationArt() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Checkpoint> results =
        Verifier.run(
            List.of(ModuleCatalog.find("23").orElseThrow()),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String transcript = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(transcript);
    assertThat(results).as(transcript).hasSize(7).allMatch(Checkpoint::passed);
    // The lessons show this run: their blocks must still say what it prints (numbers masked).
    DocTranscripts.assertMatch("./workshop verify 23", transcript);
    assertThat(results.get(5).name()).isEqualTo("Step 7: /graduate shows the art after Steps 1-6");
    assertThat(results.get(5).observed()).startsWith("graduated; extras earned: 0 of 2");
    assertThat(transcript).doesNotContainIgnoringCase("restart").doesNotContain("node-2 back");
  }
}
