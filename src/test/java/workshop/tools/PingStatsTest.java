package workshop.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PingStatsTest {
  @Test
  void summarisesAnsweredProbesAsPingDoes() {
    PingStats stats = new PingStats("node-2");
    stats.answered(1.0);
    stats.answered(2.0);
    stats.answered(3.0);
    stats.answered(2.0);
    // mean 2; mean of squares (1+4+9+4)/4 = 4.5; mdev = sqrt(4.5 - 4) = 0.707
    assertThat(stats.summary(3004))
        .containsExactly(
            "--- node-2 ping statistics ---",
            "4 probes sent, 4 received, 0% loss, time 3004ms",
            "rtt min/avg/max/mdev = 1.000/2.000/3.000/0.707 ms");
  }

  @Test
  void lostProbesCountTowardsTheLossNotTheTimes() {
    PingStats stats = new PingStats("node-3");
    stats.answered(200.0);
    stats.lost();
    stats.lost();
    // 2 of 3 lost: 66.7 %; the times are the one answer's.
    assertThat(stats.summary(4100))
        .containsExactly(
            "--- node-3 ping statistics ---",
            "3 probes sent, 1 received, 66.7% loss, time 4100ms",
            "rtt min/avg/max/mdev = 200.000/200.000/200.000/0.000 ms");
  }

  @Test
  void withNoAnswerThereAreNoTimes() {
    PingStats stats = new PingStats("localhost:9");
    stats.lost();
    assertThat(stats.summary(2000))
        .containsExactly(
            "--- localhost:9 ping statistics ---",
            "1 probes sent, 0 received, 100% loss, time 2000ms");
    assertThat(stats.received()).isZero();
  }
}
