package workshop.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Every strategy against its law, with seeded randomness; a failure prints the seed. */
class BalancingStrategyLawsTest {
  static final Backend A = Backend.idle("http://a");
  static final Backend B = Backend.idle("http://b");
  static final Backend C = Backend.idle("http://c");

  private static Backend with(Backend b, int inFlight, double latency) {
    return new Backend(b.url(), true, inFlight, latency, b.weight());
  }

  private static Backend down(Backend b) {
    return new Backend(b.url(), false, b.inFlight(), b.latencyMillis(), b.weight());
  }

  @Test
  void roundRobinRotatesExactly() {
    RoundRobin rr = new RoundRobin();
    List<Integer> picks = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      picks.add(rr.pick(List.of(A, B, C)));
    }
    assertThat(picks).containsExactly(0, 1, 2, 0, 1, 2, 0);
  }

  @Test
  void roundRobinSkipsAnUnhealthyBackendAndKeepsItsPlace() {
    RoundRobin rr = new RoundRobin();
    List<Integer> picks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      picks.add(rr.pick(List.of(A, down(B), C)));
    }
    assertThat(picks).containsExactly(0, 2, 0, 2, 0, 2);
  }

  @Test
  void leastConnectionsPicksTheMinimumInFlight() {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    LeastConnections lc = new LeastConnections(new SplittableRandom(seed + 1));
    for (int trial = 0; trial < 1000; trial++) {
      List<Backend> backends =
          List.of(
              with(A, random.nextInt(5), 1),
              with(B, random.nextInt(5), 1),
              with(C, random.nextInt(5), 1));
      int min = backends.stream().mapToInt(Backend::inFlight).min().orElseThrow();
      assertThat(backends.get(lc.pick(backends)).inFlight()).as("seed %d", seed).isEqualTo(min);
    }
  }

  @Test
  void leastConnectionsSharesTiesEvenly() {
    LeastConnections lc = new LeastConnections(new SplittableRandom(7));
    int[] counts = new int[3];
    for (int i = 0; i < 3000; i++) {
      counts[lc.pick(List.of(A, B, C))]++;
    }
    // 3000 picks among three idle backends: about 1000 each.
    assertThat(java.util.Arrays.stream(counts).boxed().toList()).allMatch(n -> n > 900 && n < 1100);
  }

  @Test
  void powerOfTwoNeverPicksTheWorseOfItsTwo() {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    PowerOfTwoChoices p2c = new PowerOfTwoChoices(new SplittableRandom(seed + 1));
    for (int trial = 0; trial < 1000; trial++) {
      List<Backend> backends =
          List.of(
              with(A, random.nextInt(5), 0.5 + random.nextInt(20)),
              with(B, random.nextInt(5), 0.5 + random.nextInt(20)),
              with(C, random.nextInt(5), 0.5 + random.nextInt(20)));
      double worst = backends.stream().mapToDouble(PowerOfTwoChoices::cost).max().orElseThrow();
      double picked = PowerOfTwoChoices.cost(backends.get(p2c.pick(backends)));
      // With three backends the sample of two always contains one that is not the worst.
      assertThat(picked <= worst).as("seed %d", seed).isTrue();
      if (backends.stream().filter(b -> PowerOfTwoChoices.cost(b) == worst).count() == 1) {
        assertThat(picked).as("seed %d", seed).isLessThan(worst);
      }
    }
  }

  @Test
  void powerOfTwoAvoidsASlowBackend() {
    PowerOfTwoChoices p2c = new PowerOfTwoChoices(new SplittableRandom(3));
    List<Backend> backends = List.of(with(A, 1, 0.5), with(B, 1, 0.5), with(C, 1, 10));
    int slow = 0;
    for (int i = 0; i < 1000; i++) {
      if (p2c.pick(backends) == 2) {
        slow++;
      }
    }
    // C costs 20 against 1 for A and B: it loses every comparison it is sampled into.
    assertThat(slow).isZero();
  }

  @Test
  void weightedPicksInProportionToWeights() {
    long seed = 11;
    Weighted w = new Weighted(new SplittableRandom(seed));
    List<Backend> backends =
        List.of(
            new Backend("http://a", true, 0, 0, 3),
            new Backend("http://b", true, 0, 0, 1),
            new Backend("http://c", true, 0, 0, 1));
    int[] counts = new int[3];
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      counts[w.pick(backends)]++;
    }
    // Shares 3/5, 1/5, 1/5, each within 2 percentage points over 10,000 picks.
    assertThat(counts[0] / (double) n).isBetween(0.58, 0.62);
    assertThat(counts[1] / (double) n).isBetween(0.18, 0.22);
    assertThat(counts[2] / (double) n).isBetween(0.18, 0.22);
  }

  @Test
  void noStrategyEverPicksAnUnhealthyBackend() {
    long seed = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    for (String name : BalancingStrategy.NAMES) {
      BalancingStrategy s = BalancingStrategy.of(name, new SplittableRandom(seed));
      for (int trial = 0; trial < 500; trial++) {
        List<Backend> backends = new ArrayList<>();
        for (String url : List.of("http://a", "http://b", "http://c", "http://d")) {
          backends.add(
              new Backend(
                  url,
                  random.nextBoolean(),
                  random.nextInt(4),
                  random.nextInt(10),
                  1 + random.nextInt(3)));
        }
        int picked = s.pick(backends);
        if (backends.stream().noneMatch(Backend::healthy)) {
          assertThat(picked).as("%s seed %d", name, seed).isEqualTo(-1);
        } else {
          assertThat(backends.get(picked).healthy()).as("%s seed %d", name, seed).isTrue();
        }
      }
    }
  }

  @Test
  void randomSpreadsRoughlyEvenly() {
    RandomGenerator random = new SplittableRandom(5);
    BalancingStrategy s = BalancingStrategy.of("random", random);
    int[] counts = new int[3];
    for (int i = 0; i < 3000; i++) {
      counts[s.pick(List.of(A, B, C))]++;
    }
    assertThat(java.util.Arrays.stream(counts).boxed().toList()).allMatch(n -> n > 900 && n < 1100);
  }

  @Test
  void unknownStrategyNamesTheAllowedOnes() {
    assertThatThrownBy(() -> BalancingStrategy.of("fastest", new SplittableRandom(1)))
        .hasMessage(
            "--strategy must be one of round-robin, random, least-connections, power-of-two,"
                + " weighted, got 'fastest'");
  }

  @Test
  void healthNeedsTwoFailedChecksToEjectAndTwoPassesToRestore() {
    BackendHealth h = new BackendHealth();
    assertThat(h.checkFailed("connection refused")).isNull();
    assertThat(h.checkFailed("connection refused"))
        .isEqualTo("DOWN: connection refused (2 checks in a row)");
    assertThat(h.up()).isFalse();
    assertThat(h.checkPassed()).isNull();
    assertThat(h.checkPassed()).isEqualTo("UP: /health answered 200 (2 checks in a row)");
    assertThat(h.up()).isTrue();
  }

  @Test
  void aRefusedConnectionEjectsAtOnce() {
    BackendHealth h = new BackendHealth();
    assertThat(h.connectionRefused("nothing is listening on 127.0.0.1:5003"))
        .isEqualTo(
            "DOWN: nothing is listening on 127.0.0.1:5003 (a forwarded request could not connect)");
    assertThat(h.connectionRefused("again")).isNull();
  }
}
