package workshop.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimNetworkTest {
  private static List<String> run(long seed, double loss) {
    SimNetwork<String> net = new SimNetwork<>(new SplittableRandom(seed), loss, 1, 50);
    List<String> log = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      net.send(0, i, "m" + i);
    }
    net.runUntil(100, (from, to, m) -> log.add(net.clock().millis() + " " + m));
    return log;
  }

  @Test
  void deliversInTimeOrderAndTheSameSeedGivesTheSameRun() {
    List<String> a = run(5, 0);
    assertThat(a).hasSize(20).isEqualTo(run(5, 0));
    List<Long> times = a.stream().map(s -> Long.parseLong(s.split(" ")[0])).toList();
    assertThat(times).isSorted();
    assertThat(times).allMatch(t -> t >= 1 && t <= 50);
  }

  @Test
  void losesMessagesWithTheGivenProbability() {
    SimNetwork<Integer> net = new SimNetwork<>(new SplittableRandom(9), 0.3, 1, 1);
    for (int i = 0; i < 10_000; i++) {
      net.send(0, 1, i);
    }
    // 30% of 10,000 is 3,000; the binomial spread is about 46, so 200 is far outside chance.
    assertThat(net.lost()).isBetween(2_800L, 3_200L);
    assertThat(net.inFlight()).isEqualTo(10_000 - (int) net.lost());
  }

  @Test
  void messagesSentWhileDeliveringAreDeliveredInTheSameRunWhenDue() {
    SimNetwork<String> net = new SimNetwork<>(new SplittableRandom(1), 0, 10, 10);
    List<String> log = new ArrayList<>();
    net.send(0, 1, "ping");
    net.runUntil(
        100,
        (from, to, m) -> {
          log.add(net.clock().millis() + " " + m);
          if (m.equals("ping")) {
            net.send(to, from, "pong");
          }
        });
    assertThat(log).containsExactly("10 ping", "20 pong");
    assertThat(net.clock().millis()).isEqualTo(100);
  }
}
