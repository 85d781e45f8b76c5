package workshop.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The numbers of a run from literal outcomes: a 10 s run, C slow from 2 s to 5 s, ten requests a
 * second.
 */
class CascadeReportTest {
  static final Timeline TIMELINE = Timeline.of(Duration.ofSeconds(10), Timeline.SLOW);

  /** Ten requests a second; {@code okPerSecond[s]} of those started in second s succeed. */
  static List<Outcome> outcomes(int... okPerSecond) {
    List<Outcome> all = new ArrayList<>();
    for (int s = 0; s < okPerSecond.length; s++) {
      for (int i = 0; i < 10; i++) {
        boolean ok = i < okPerSecond[s];
        all.add(new Outcome(s * 1000L + i * 100, ok ? 10 : 2000, ok));
      }
    }
    return all;
  }

  static List<Second> seconds(long... cLoad) {
    List<Second> all = new ArrayList<>();
    for (int i = 0; i < cLoad.length; i++) {
      boolean healthy = cLoad[i] < 50;
      all.add(new Second(i + 1, cLoad[i], healthy, healthy ? 0 : 8, healthy ? 0 : 8));
    }
    return all;
  }

  @Test
  void recoveryCountsFromCsRecoveryToTheFirstSecondThatStaysGood() {
    // Seconds 5 and 6 fail, 7 is good, 8 fails again (a retry storm), from 9 on all is well.
    CascadeReport r =
        new CascadeReport(TIMELINE, outcomes(10, 10, 0, 0, 0, 2, 5, 10, 3, 10), seconds());
    assertThat(r.recoverySeconds()).isEqualTo(4); // second 9 starts at 9 s, C was fast at 5 s
  }

  @Test
  void anImmediateRecoveryIsZeroAndNeverIsMinusOne() {
    assertThat(
            new CascadeReport(TIMELINE, outcomes(10, 10, 5, 5, 5, 10, 10, 10, 10, 10), seconds())
                .recoverySeconds())
        .isZero();
    assertThat(
            new CascadeReport(TIMELINE, outcomes(10, 10, 0, 0, 0, 0, 0, 0, 0, 0), seconds())
                .recoverySeconds())
        .isEqualTo(-1);
  }

  @Test
  void successRateAndP99ComeFromTheOutcomes() {
    CascadeReport r =
        new CascadeReport(TIMELINE, outcomes(10, 10, 5, 5, 5, 10, 10, 10, 10, 10), seconds());
    assertThat(CascadeReport.successPercent(r.all())).isEqualTo(85); // 85 of 100
    assertThat(CascadeReport.successPercent(r.startedIn(Timeline.Phase.SLOW))).isEqualTo(50);
    // 15 of 100 took 2000 ms: the 99th of 100 sorted latencies is one of them.
    assertThat(CascadeReport.p99Millis(r.all())).isEqualTo(2000);
    assertThat(CascadeReport.p99Millis(r.startedIn(Timeline.Phase.BEFORE))).isEqualTo(10);
    assertThat(CascadeReport.successPercent(List.of())).isEqualTo(-1);
  }

  @Test
  void cLoadAndHealthComeFromTheSeconds() {
    CascadeReport r =
        new CascadeReport(TIMELINE, outcomes(), seconds(20, 20, 60, 180, 90, 20, 20, 20, 20, 20));
    assertThat(r.cLoadMean(Timeline.Phase.SLOW)).isEqualTo(110); // (60 + 180 + 90) / 3
    assertThat(r.cLoadPeak()).isEqualTo(180);
    assertThat(r.unhealthySeconds()).isEqualTo(3);
  }

  @Test
  void theTableSaysItAllInOneRow() {
    CascadeReport r =
        new CascadeReport(
            TIMELINE,
            outcomes(10, 10, 0, 0, 0, 2, 5, 10, 3, 10),
            seconds(20, 20, 60, 180, 90, 20, 20, 20, 20, 20));
    assertThat(CascadeTable.summaryRow("none", r))
        .isEqualTo(
            "none                                   50 %       0 %   2000 ms        3 s   "
                + " 110 req/s    180 req/s       4 s");
    // Second 5 (4 s to 5 s) sees the requests started at 2 s end, failed, 2000 ms later.
    assertThat(CascadeTable.secondLine(r, r.seconds().get(4)))
        .isEqualTo(
            "   5s  C slow            10    0 %   2000 ms  8/8, 8/8              FAILING   "
                + "    90 req/s");
  }
}
