package workshop.quorum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import workshop.cli.Cli;
import workshop.quorum.QuorumConfig;

/** The availability view's flags, and its kill sequence for a five-replica configuration. */
class AvailabilityVizCommandTest {
  private static String error(String... args) {
    CommandLine cl = Cli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute(args)).isNotZero();
    return err.toString().lines().findFirst().orElse("");
  }

  @Test
  void invalidQuorumsGetOneLineNamingTheRange() {
    assertThat(error("viz", "availability", "--w", "4"))
        .isEqualTo("error: W must be between 1 and N=3, got 4 (--n, --w, --r)");
    assertThat(error("viz", "availability", "--r", "0"))
        .isEqualTo("error: R must be between 1 and N=3, got 0 (--n, --w, --r)");
    assertThat(error("viz", "availability", "--n", "12"))
        .startsWith("error: N must be between 1 and 9 replicas, got 12");
    assertThat(error("viz", "availability", "--n", "three")).contains("'three' is not an int");
    assertThat(error("replica", "--port", "0")).startsWith("error: --port must be between 1 and");
  }

  @Test
  void fiveReplicasWithMajorityQuorumsSurviveTwoFailuresButNotThree() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    var stages =
        new AvailabilityDemo(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .killOneByOne(new QuorumConfig(5, 3, 3));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(stages).hasSize(5);
    assertThat(stages.get(2).read().ok()).as(text).isTrue();
    assertThat(stages.get(2).write().ok()).as(text).isTrue();
    assertThat(stages.get(3).read().reason())
        .as(text)
        .isEqualTo("FAILURE. Only 2/5 nodes alive. R=3 not met.");
    assertThat(text).contains("--- 💥 DISASTER: KILLING NODE 3 ---", "CATASTROPHE: KILLING NODE 4");
  }
}
