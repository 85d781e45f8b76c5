package workshop.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulated processor with literal instants. A core here does 1,000 units a second, so a
 * request of 100 units takes 100 ms and every expected instant can be read off the arithmetic.
 */
class SimulatedCpuTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final long MS_100 = 100;

  private static SimulatedCpu cpu(int cores, int workers, int maxQueued) {
    return new SimulatedCpu(new CpuConfig(cores, workers, maxQueued, 1_000));
  }

  private static SimulatedCpu.Scheduled admit(SimulatedCpu cpu, Instant now, long units) {
    return (SimulatedCpu.Scheduled) cpu.admit(now, units);
  }

  private static Instant ms(long millis) {
    return T0.plusMillis(millis);
  }

  @Test
  void aLoneRequestFinishesAfterItsWorkTime() {
    SimulatedCpu.Scheduled s = admit(cpu(2, 1, 10), T0, MS_100);
    assertThat(s.finishes()).isEqualTo(ms(100));
    assertThat(s.queued()).isZero();
    assertThat(s.waitedForCore()).isZero();
    assertThat(s.worked()).isEqualTo(Duration.ofMillis(100));
    assertThat(s.core()).isEqualTo(1);
  }

  @Test
  void withOneWorkerFiveRequestsEachWaitForTheOnesAheadOfThem() {
    // Module 01, Phase 1: the fifth request waits for four others, so it takes five work times.
    SimulatedCpu cpu = cpu(2, 1, 10);
    List<Instant> finishes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      finishes.add(admit(cpu, T0, MS_100).finishes());
    }
    assertThat(finishes).containsExactly(ms(100), ms(200), ms(300), ms(400), ms(500));
  }

  @Test
  void aLoneWorkerKeepsToTheFirstCore() {
    SimulatedCpu cpu = cpu(2, 1, 10);
    for (int i = 0; i < 3; i++) {
      assertThat(admit(cpu, T0, MS_100).core()).isEqualTo(1);
    }
  }

  @Test
  void aRequestWaitingForTheWorkerCountsAsQueuedNotAsWaitingForACore() {
    SimulatedCpu cpu = cpu(2, 1, 10);
    admit(cpu, T0, MS_100);
    SimulatedCpu.Scheduled second = admit(cpu, T0, MS_100);
    assertThat(second.queued()).isEqualTo(Duration.ofMillis(100));
    assertThat(second.waitedForCore()).isZero();
    // The second core stays idle: one worker can use only one core at a time.
    assertThat(cpu.snapshot(ms(50))).isEqualTo(new SimulatedCpu.Snapshot(1, 2, 1, 1, 0, 1));
  }

  @Test
  void twoCoresRunTwoRequestsAtOnceAndTheThirdWaitsForACore() {
    // Module 01, Phase 2: ten workers, but the machine has two cores.
    SimulatedCpu cpu = cpu(2, 10, 10);
    SimulatedCpu.Scheduled a = admit(cpu, T0, MS_100);
    SimulatedCpu.Scheduled b = admit(cpu, T0, MS_100);
    SimulatedCpu.Scheduled c = admit(cpu, T0, MS_100);
    assertThat(List.of(a.finishes(), b.finishes(), c.finishes()))
        .containsExactly(ms(100), ms(100), ms(200));
    assertThat(List.of(a.core(), b.core(), c.core())).containsExactly(1, 2, 1);
    assertThat(c.queued()).isZero(); // it has a worker at once
    assertThat(c.waitedForCore()).isEqualTo(Duration.ofMillis(100));
    // 50 ms in: three requests hold a worker, two run, one waits for a core.
    assertThat(cpu.snapshot(ms(50))).isEqualTo(new SimulatedCpu.Snapshot(10, 2, 3, 2, 1, 0));
    // 150 ms in: only the third is left, on core 1.
    assertThat(cpu.snapshot(ms(150))).isEqualTo(new SimulatedCpu.Snapshot(10, 2, 1, 1, 0, 0));
    assertThat(cpu.snapshot(ms(200))).isEqualTo(new SimulatedCpu.Snapshot(10, 2, 0, 0, 0, 0));
  }

  @Test
  void moreWorkersThanCoresAddNoThroughput() {
    // Module 01, Phase 3: twenty requests finish no sooner with ten workers than with two,
    // because two cores do 2 x 100 ms of work per 100 ms whoever holds them.
    for (int workers : new int[] {2, 10, 1000}) {
      SimulatedCpu cpu = cpu(2, workers, 100);
      Instant last = T0;
      for (int i = 0; i < 20; i++) {
        last = admit(cpu, T0, MS_100).finishes();
      }
      assertThat(last).as("%d workers", workers).isEqualTo(ms(1000)); // 20 x 100 ms / 2 cores
    }
  }

  @Test
  void aRequestArrivingAfterTheOthersFinishedStartsAtOnce() {
    SimulatedCpu cpu = cpu(1, 1, 10);
    admit(cpu, T0, MS_100);
    SimulatedCpu.Scheduled later = admit(cpu, ms(250), MS_100);
    assertThat(later.gotCore()).isEqualTo(ms(250));
    assertThat(later.finishes()).isEqualTo(ms(350));
  }

  @Test
  void aRequestArrivingWhileTheCoreIsBusyStartsWhenItFrees() {
    SimulatedCpu cpu = cpu(1, 4, 10);
    admit(cpu, T0, MS_100);
    SimulatedCpu.Scheduled next = admit(cpu, ms(30), MS_100);
    assertThat(next.gotWorker()).isEqualTo(ms(30)); // a second worker is free
    assertThat(next.gotCore()).isEqualTo(ms(100)); // the only core is not
    assertThat(next.finishes()).isEqualTo(ms(200));
  }

  @Test
  void refusesANewRequestWhenTheQueueIsFullAndTakesItOnceTheQueueMoves() {
    SimulatedCpu cpu = cpu(1, 1, 2);
    admit(cpu, T0, MS_100); // working
    admit(cpu, T0, MS_100); // queued, gets the worker at 100 ms
    admit(cpu, T0, MS_100); // queued, gets the worker at 200 ms
    assertThat(cpu.admit(T0, MS_100))
        .isEqualTo(
            new SimulatedCpu.Refused("all 1 workers are busy and 2 requests already wait for one"));
    // At 100 ms the first finished and the second holds the worker: one waits, so one more fits.
    SimulatedCpu.Scheduled fourth = admit(cpu, ms(100), MS_100);
    assertThat(fourth.finishes()).isEqualTo(ms(400));
  }

  @Test
  void aRefusalChangesNothing() {
    SimulatedCpu cpu = cpu(1, 1, 0);
    admit(cpu, T0, MS_100);
    assertThat(cpu.admit(T0, MS_100)).isInstanceOf(SimulatedCpu.Refused.class);
    assertThat(admit(cpu, ms(100), MS_100).finishes()).isEqualTo(ms(200));
  }

  @Test
  void requestsWithoutWorkFinishAsTheyArrive() {
    // --load-factor 0: nothing to do, so even one worker never makes anyone wait.
    SimulatedCpu cpu = cpu(1, 1, 0);
    for (int i = 0; i < 3; i++) {
      SimulatedCpu.Scheduled s = admit(cpu, T0, 0);
      assertThat(s.finishes()).isEqualTo(T0);
    }
    assertThat(cpu.snapshot(T0)).isEqualTo(new SimulatedCpu.Snapshot(1, 1, 0, 0, 0, 0));
  }

  @Test
  void anInstantEarlierThanOneAlreadySeenIsTakenAsThatOne() {
    SimulatedCpu cpu = cpu(1, 1, 10);
    admit(cpu, ms(500), MS_100);
    SimulatedCpu.Scheduled late = admit(cpu, T0, MS_100);
    assertThat(late.arrived()).isEqualTo(ms(500));
    assertThat(late.finishes()).isEqualTo(ms(700));
  }

  @Test
  void threeMachinesFinishThreeTimesTheWorkOfOne() {
    // Module 01, Phase 4: each node is its own machine, so three nodes of one worker each finish
    // 30 requests in the time one finishes 10, whatever the laptop underneath.
    SimulatedCpu one = cpu(2, 1, 100);
    SimulatedCpu[] three = {cpu(2, 1, 100), cpu(2, 1, 100), cpu(2, 1, 100)};
    Instant oneDone = T0;
    Instant threeDone = T0;
    for (int i = 0; i < 30; i++) {
      if (i < 10) {
        oneDone = admit(one, T0, MS_100).finishes();
      }
      Instant t = admit(three[i % 3], T0, MS_100).finishes();
      threeDone = t.isAfter(threeDone) ? t : threeDone;
    }
    assertThat(oneDone).isEqualTo(ms(1000));
    assertThat(threeDone).isEqualTo(ms(1000));
  }
}
