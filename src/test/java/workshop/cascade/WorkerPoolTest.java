package workshop.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import workshop.cascade.WorkerPool.Admission;

/** A pool of 2 workers and 2 waiting places, step by step. */
class WorkerPoolTest {
  private final WorkerPool pool = new WorkerPool(2, 2);

  @Test
  void runsUpToItsWorkersThenQueuesThenRefuses() {
    assertThat(pool.arrive()).isEqualTo(Admission.RUN);
    assertThat(pool.arrive()).isEqualTo(Admission.RUN);
    assertThat(pool.arrive()).isEqualTo(Admission.WAIT); // both workers busy
    assertThat(pool.arrive()).isEqualTo(Admission.WAIT);
    assertThat(pool.arrive()).isEqualTo(Admission.REFUSE); // 2 waiting = the queue's size
    assertThat(pool.snapshot().describe()).isEqualTo("2/2 busy, 2/2 waiting, 1 refused");
    assertThat(pool.snapshot().exhausted()).isTrue();
  }

  @Test
  void aWaiterTakesAWorkerOnlyOnceOneIsFree() {
    pool.arrive();
    pool.arrive();
    pool.arrive();
    assertThat(pool.take()).isFalse(); // still 2/2 busy
    pool.finish();
    assertThat(pool.take()).isTrue();
    assertThat(pool.snapshot().busy()).isEqualTo(2);
    assertThat(pool.snapshot().waiting()).isZero();
  }

  @Test
  void aNewArrivalNeverOvertakesAWaiter() {
    pool.arrive();
    pool.arrive();
    pool.arrive(); // waits
    pool.finish(); // a worker is free, but the waiter has not taken it yet
    assertThat(pool.arrive()).isEqualTo(Admission.WAIT);
  }

  @Test
  void aWaiterWhoseDeadlinePassedLeavesTheQueue() {
    pool.arrive();
    pool.arrive();
    pool.arrive();
    pool.giveUp();
    assertThat(pool.snapshot().waiting()).isZero();
    assertThat(pool.snapshot().exhausted()).isFalse(); // all busy, but nobody waits
  }

  @Test
  void aBulkheadIsAPoolWithNoQueue() {
    WorkerPool bulkhead = new WorkerPool(1, 0);
    assertThat(bulkhead.arrive()).isEqualTo(Admission.RUN);
    assertThat(bulkhead.arrive()).isEqualTo(Admission.REFUSE);
    assertThat(bulkhead.snapshot().describe()).isEqualTo("1/1 busy, 1 refused");
    bulkhead.finish();
    assertThat(bulkhead.arrive()).isEqualTo(Admission.RUN);
  }

  @Test
  void accountingMistakesAreBugsAndSaySo() {
    assertThatThrownBy(pool::finish).hasMessage("finish() without a running request");
    assertThatThrownBy(pool::take).hasMessage("take() without a waiting request");
    assertThatThrownBy(pool::giveUp).hasMessage("giveUp() without a waiting request");
    assertThatThrownBy(() -> new WorkerPool(0, 1))
        .hasMessage("a pool needs at least 1 worker and a queue of 0 or more, got 0 and 1");
  }
}
