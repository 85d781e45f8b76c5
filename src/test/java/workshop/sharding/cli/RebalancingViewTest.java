package workshop.sharding.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import workshop.cli.Cli;

/** The view's text against a golden file, and its flags. */
class RebalancingViewTest {
  @Test
  void printsTheOriginalsResultsAndTheExtrasForTheOriginalsKeys() throws IOException {
    String text = RebalancingView.render(RebalancingView.measure(1000, 100));
    try (InputStream golden = getClass().getResourceAsStream("/sharding/rebalancing-1000.txt")) {
      assertThat(text).isEqualTo(new String(golden.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(text)
        .contains(
            "🧪 Testing Strategy: MODULO\nGenerating 1000 keys...\nPhase 1: Keys distributed across"
                + " 3 nodes.\nPhase 2: Adding 'Node D'...\n\n📊 RESULTS:\nKeys Moved:   746/1000\n"
                + "Percentage:   74.6%\n")
        .contains("Keys Moved:   246/1000\nPercentage:   24.6%\n")
        .contains("Keys Moved:   241/1000\n");
  }

  @Test
  void drawsFiftyCharactersAtTwoPercentEach() {
    assertThat(RebalancingView.bar(74.6)).isEqualTo("▓".repeat(37) + "░".repeat(13));
    assertThat(RebalancingView.bar(24.6)).isEqualTo("▓".repeat(12) + "░".repeat(38));
    assertThat(RebalancingView.verdict(50.0)).startsWith("✅ LOW IMPACT!");
    assertThat(RebalancingView.verdict(50.1)).startsWith("⚠️ HIGH IMPACT!");
  }

  @Test
  void refusesKeyAndVirtualNodeCountsOutOfRange() {
    assertThat(error("viz", "rebalancing", "--keys", "0"))
        .isEqualTo("error: --keys must be between 1 and 10000000, got 0");
    assertThat(error("viz", "rebalancing", "--vnodes", "-3"))
        .isEqualTo("error: --vnodes must be between 1 and 10000, got -3");
    assertThat(error("viz", "rebalancing", "--keys", "lots")).contains("'lots' is not an int");
  }

  static String error(String... args) {
    CommandLine cl = Cli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute(args)).isNotZero();
    return err.toString().lines().findFirst().orElse("");
  }
}
