package workshop.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic behind verify 01's pass or fail, without starting a node. */
class NodesCheckMarginsTest {
  @Test
  void aRiseHoldsWhenItIsAtLeastHalfwayFromNoChangeToThePrediction() {
    // Predicted 5x: halfway from 1x is 3x.
    assertThat(new NodesCheck.Ratio(100, 300, 5).holds()).isTrue();
    assertThat(new NodesCheck.Ratio(100, 299, 5).holds()).isFalse();
    assertThat(new NodesCheck.Ratio(100, 300, 5))
        .hasToString("3.00x; expected 5x, passes at least 3x");
  }

  @Test
  void aDropHoldsWhenItIsAtLeastHalfwayFromNoChangeToThePrediction() {
    // Predicted 0.5x: halfway from 1x is 0.75x.
    assertThat(new NodesCheck.Ratio(1000, 750, 0.5).holds()).isTrue();
    assertThat(new NodesCheck.Ratio(1000, 751, 0.5).holds()).isFalse();
    assertThat(new NodesCheck.Ratio(1000, 500, 0.5))
        .hasToString("0.50x; expected 0.50x, passes at most 0.75x");
  }

  @Test
  void nothingMeasuredNeverHolds() {
    assertThat(new NodesCheck.Ratio(0, 500, 5).holds()).isFalse();
    assertThat(new NodesCheck.Ratio(0, 500, 0.5).holds()).isFalse();
    assertThat(new NodesCheck.Ratio(1000, 0, 0.5).holds()).isFalse();
  }

  @Test
  void theRateCountsIntervalsBetweenTheFirstAndTheLastAnswer() {
    // Answers at 0.1 s, 0.35 s, 0.6 s and 0.85 s: three intervals in 0.75 s, 4 a second, however
    // late the first one came.
    long ms = 1_000_000;
    assertThat(NodesCheck.rate(List.of(350 * ms, 100 * ms, 850 * ms, 600 * ms))).isEqualTo(4.0);
    assertThat(NodesCheck.rate(List.of(100 * ms))).isZero();
    assertThat(NodesCheck.rate(List.of())).isZero();
  }

  @Test
  void theMedianOfAnEvenCountIsTheMiddlePairsMean() {
    assertThat(new NodesCheck.Phase(null, List.of(3.0, 1.0, 2.0), 0).median()).isEqualTo(2.0);
    assertThat(new NodesCheck.Phase(null, List.of(492.0, 738.0), 0).median()).isEqualTo(615.0);
    assertThat(new NodesCheck.Phase(null, List.of(), 0).median()).isZero();
  }
}
