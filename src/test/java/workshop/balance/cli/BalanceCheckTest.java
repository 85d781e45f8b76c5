package workshop.balance.cli;

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

/** {@code ./workshop verify 02}, run as part of the test suite with real node and lb processes. */
class BalanceCheckTest {
  @Test
  void everyCheckpointOfModule02Holds() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<Checkpoint> results = Verifier.run(List.of(ModuleCatalog.find("02").orElseThrow()), out);
    String transcript = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(transcript);
    assertThat(results).as(transcript).hasSize(4).allMatch(Checkpoint::passed);
    // The lessons show this run: their blocks must still say what it prints (numbers masked).
    DocTranscripts.assertMatch("./workshop verify 02", transcript);
  }
}
