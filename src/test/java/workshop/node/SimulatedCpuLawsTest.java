package workshop.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What the simulated processor promises beyond single examples: Module 01's numbers follow from
 * Little's law, and no schedule ever uses more cores or workers than it has or leaves a core idle
 * while a request waits for one.
 */
class SimulatedCpuLawsTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** fib(35) on a simulated core: 29,860,703 calls at 75 million a second. */
  static final long FIB_35 = Fibonacci.calls(35);

  /**
   * {@code clients} users each sending the next request the moment the previous answer arrives, as
   * {@code ./workshop client --concurrent N} does. Returns the latencies in milliseconds of the
   * requests after the first {@code skip}, once the queues have settled.
   */
  static List<Double> closedLoop(SimulatedCpu cpu, int clients, long units, int skip, int n) {
    PriorityQueue<Instant> next = new PriorityQueue<>();
    for (int i = 0; i < clients; i++) {
      next.add(T0);
    }
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < skip + n; i++) {
      Instant sent = next.poll();
      SimulatedCpu.Scheduled s = (SimulatedCpu.Scheduled) cpu.admit(sent, units);
      if (i >= skip) {
        latencies.add(Duration.between(sent, s.finishes()).toNanos() / 1e6);
      }
      next.add(s.finishes());
    }
    return latencies;
  }

  static SimulatedCpu lessonNode(int workers) {
    return new SimulatedCpu(new NodeConfig(2, "127.0.0.1", 5002, 35, workers).simulatedCpu(10_000));
  }

  static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  @Test
  void theLessonsPhasesFollowFromLittlesLaw() {
    // Latency = requests in flight / throughput; throughput = busy cores / work time.
    double work = 398.142706; // ms for fib(35): 29,860,703 calls at 75 million a second
    // Phase 1: 5 in flight, 1 worker (so 1 busy core): 5 x 398 ms.
    assertThat(closedLoop(lessonNode(1), 5, FIB_35, 50, 200))
        .allSatisfy(ms -> assertThat(ms).isCloseTo(5 * work, within()));
    // Phase 2: 5 in flight, 10 workers on 2 cores: 5 x 398 / 2 ms on average. One request in
    // five always finds both cores taken, so half wait 2 work times and half 3.
    List<Double> vertical = closedLoop(lessonNode(10), 5, FIB_35, 50, 200);
    assertThat(mean(vertical)).isCloseTo(5 * work / 2, within());
    assertThat(vertical).allSatisfy(ms -> assertThat(ms).isBetween(2 * work - 1, 3 * work + 1));
    // Phase 3: 20 in flight, 10 workers, 2 cores: 20 x 398 / 2 ms = 3,981 ms, inside the client's
    // 5 s timeout.
    assertThat(closedLoop(lessonNode(10), 20, FIB_35, 100, 200))
        .allSatisfy(ms -> assertThat(ms).isCloseTo(20 * work / 2, within()));
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.001);
  }

  @Test
  void noScheduleOverbooksCoresOrWorkersOrIdlesACoreWhileARequestWaits() {
    long seed = 20_260_101L;
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < 200; round++) {
      int cores = 1 + random.nextInt(4);
      int workers = 1 + random.nextInt(6);
      SimulatedCpu cpu = new SimulatedCpu(new CpuConfig(cores, workers, 1_000, 1_000));
      List<SimulatedCpu.Scheduled> all = new ArrayList<>();
      Instant now = T0;
      for (int i = 0; i < 40; i++) {
        now = now.plusMillis(random.nextInt(60));
        all.add((SimulatedCpu.Scheduled) cpu.admit(now, random.nextInt(200)));
      }
      String where = "seed " + seed + ", round " + round + ", " + cores + " cores, " + workers;
      for (int i = 0; i < all.size(); i++) {
        SimulatedCpu.Scheduled s = all.get(i);
        assertThat(s.worked()).as(where).isEqualTo(Duration.between(s.gotCore(), s.finishes()));
        if (i > 0) {
          // First come, first served: nobody overtakes an earlier arrival.
          assertThat(s.gotCore()).as(where).isAfterOrEqualTo(all.get(i - 1).gotCore());
        }
        Instant t = s.gotWorker();
        assertThat(count(all, t, true)).as(where).isLessThanOrEqualTo(cores);
        assertThat(count(all, t, false)).as(where).isLessThanOrEqualTo(workers);
        if (s.waitedForCore().isPositive()) {
          assertThat(count(all, t, true)).as(where + ": a core idled").isEqualTo(cores);
        }
        if (s.queued().isPositive()) {
          assertThat(count(all, s.arrived(), false))
              .as(where + ": a worker idled")
              .isEqualTo(workers);
        }
      }
    }
  }

  /** Requests on a core ({@code onCore}) or holding a worker at instant {@code t}. */
  private static long count(List<SimulatedCpu.Scheduled> all, Instant t, boolean onCore) {
    return all.stream()
        .filter(s -> !(onCore ? s.gotCore() : s.gotWorker()).isAfter(t))
        .filter(s -> s.finishes().isAfter(t))
        .count();
  }
}
