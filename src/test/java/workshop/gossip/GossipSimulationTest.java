package workshop.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import workshop.Golden;
import workshop.gossip.cli.GossipSimCommand;

class GossipSimulationTest {
  static GossipSimulation.Settings settings(int n, GossipMode mode, long seed, double loss) {
    return new GossipSimulation.Settings(
        n, GossipConfig.DEFAULTS.withMode(mode), seed, loss, 1000, 100);
  }

  @Test
  void sameSeedSameOutput() {
    String a =
        GossipSimCommand.render(GossipSimulation.run(settings(500, GossipMode.PUSH, 3, 0.1)));
    String b =
        GossipSimCommand.render(GossipSimulation.run(settings(500, GossipMode.PUSH, 3, 0.1)));
    assertThat(a).isEqualTo(b);
  }

  @Test
  void pushPullReachesAThousandNodesInAboutLog2NRounds() {
    GossipSimulation.Result r = GossipSimulation.run(settings(1000, GossipMode.PUSH_PULL, 1, 0));
    assertThat(r.converged()).isTrue();
    // log2(1000) is about 10; push-pull does better than push's log2 N + ln N (about 17).
    assertThat(r.rounds()).hasSizeBetween(6, 14);
  }

  @Test
  void pushReachesTenThousandNodesNearPittelsPrediction() {
    GossipSimulation.Result r = GossipSimulation.run(settings(10_000, GossipMode.PUSH, 1, 0));
    assertThat(r.converged()).isTrue();
    // log2(10000) + ln(10000) = 13.3 + 9.2 = 22.5 rounds; seed 1 takes 23.
    assertThat(r.rounds()).hasSize(23);
    // Push sends exactly one message per node per round.
    assertThat(r.messages()).isEqualTo(23L * 10_000);
  }

  @Test
  void stillConvergesWithAQuarterOfMessagesLost() {
    GossipSimulation.Result r = GossipSimulation.run(settings(1000, GossipMode.PUSH, 1, 0.25));
    assertThat(r.converged()).isTrue();
    assertThat(r.rounds().get(r.rounds().size() - 1).lost()).isPositive();
  }

  /**
   * A whole run of six nodes in the simulator's trace (every input, every decision), compared with
   * {@code gossip/round.txt}.
   */
  @Test
  void transcriptOfSixNodesMatchesTheGoldenFile() throws IOException {
    List<String> lines = new ArrayList<>();
    GossipSimulation.Result r =
        GossipSimulation.run(settings(6, GossipMode.PUSH_PULL, 7, 0), lines::add);
    String actual = String.join("\n", lines) + "\n" + GossipSimCommand.render(r);
    Golden.assertMatches("gossip/round.txt", actual);
  }
}
