package workshop.resilient.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import workshop.cli.ModuleCatalog;
import workshop.verify.Checkpoint;
import workshop.verify.Verifier;

/** {@code ./workshop verify 23}, run as part of the test suite with real processes. */
class CapstoneCheckTest {
  @Test
  void everyStepOfTheCapstoneHolds() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Checkpoint> results =
        Verifier.run(
            List.of(ModuleCatalog.find("23").orElseThrow()),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String transcript = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(transcript);
    assertThat(results).as(transcript).hasSize(7).allMatch(Checkpoint::passed);
  }
}
