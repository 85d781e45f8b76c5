package workshop.balance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import workshop.Golden;
import workshop.support.term.Frame;
import workshop.support.term.Size;
import workshop.support.term.TextWidth;

/** The load-balance view against {@code balance/view.txt}, on a wide and an 80-column terminal. */
class LoadBalanceViewTest {
  static final LoadBalanceView.Snapshot SNAPSHOT =
      new LoadBalanceView.Snapshot(
          "http://127.0.0.1:8080",
          "round-robin",
          List.of(
              new LoadBalanceView.Row("http://localhost:5001", true, 500, 100, 0.8, 2.5, 1),
              new LoadBalanceView.Row("http://localhost:5002", true, 500, 100, 0.9, 3.1, 0),
              new LoadBalanceView.Row("http://localhost:5003", false, 0, 0, 0, 0, 0)),
          "No balancer answers at http://localhost:8080: this view started one in-process"
              + " (http://127.0.0.1:41234, round-robin) and sends its own traffic. Start"
              + " ./workshop lb to watch a real one.");

  @Test
  void drawsOneBarPerBackendWithItsShareAndHealth() {
    // 500 of 1000 requests is 50 %: 25 blocks of 2 %. Beside the table at 160 columns, below it
    // at 80, where table and bar together would wrap.
    String out =
        Golden.frame("160x50 terminal", LoadBalanceView.render(SNAPSHOT, new Size(160, 49)))
            + Golden.frame("80x24 terminal", LoadBalanceView.render(SNAPSHOT, new Size(80, 23)));
    Golden.assertMatches("balance/view.txt", out);
  }

  @Test
  void noLineIsWiderThanTheTerminal() {
    for (int columns : new int[] {80, 100, 160}) {
      Frame f = LoadBalanceView.render(SNAPSHOT, new Size(columns, 23));
      assertThat(f.screen())
          .allSatisfy(l -> assertThat(TextWidth.of(l)).isLessThanOrEqualTo(columns));
    }
  }

  @Test
  void thePlainLineIsTheSameAtEveryWidth() {
    assertThat(LoadBalanceView.render(SNAPSHOT, new Size(80, 23)).line())
        .isEqualTo(LoadBalanceView.render(SNAPSHOT, Size.tall(100)).line())
        .isEqualTo(
            "lb round-robin: http://localhost:5001 UP 50.0% | http://localhost:5002 UP 50.0% |"
                + " http://localhost:5003 DOWN 0.0% | 200.0 req/s");
  }
}
