package workshop.balance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import workshop.support.term.Frame;

class LoadBalanceViewTest {
  @Test
  void drawsOneBarPerBackendWithItsShareAndHealth() {
    Frame f =
        LoadBalanceView.render(
            new LoadBalanceView.Snapshot(
                "http://127.0.0.1:8080",
                "round-robin",
                List.of(
                    new LoadBalanceView.Row("http://localhost:5001", true, 500, 100, 0.8, 2.5, 1),
                    new LoadBalanceView.Row("http://localhost:5002", true, 500, 100, 0.9, 3.1, 0),
                    new LoadBalanceView.Row("http://localhost:5003", false, 0, 0, 0, 0, 0)),
                "a note"));
    // 500 of 1000 requests is 50 %: 25 blocks of 2 %.
    assertThat(f.screen())
        .containsExactly(
            "=== Load Balancer: http://127.0.0.1:8080 (round-robin) ===",
            "backend                    state  requests   share    req/s   p50 ms   p99 ms busy "
                + " share of traffic (█ = 2 %)",
            "http://localhost:5001      UP          500   50.0%    100.0     0.80     2.50    1  "
                + "█".repeat(25),
            "http://localhost:5002      UP          500   50.0%    100.0     0.90     3.10    0  "
                + "█".repeat(25),
            "http://localhost:5003      DOWN          0    0.0%      0.0     0.00     0.00    0  ",
            "total 1,000 requests since the view started, 200.0 req/s now",
            "a note");
    assertThat(f.line())
        .isEqualTo(
            "lb round-robin: http://localhost:5001 UP 50.0% | http://localhost:5002 UP 50.0% |"
                + " http://localhost:5003 DOWN 0.0% | 200.0 req/s");
  }
}
