package workshop.cascade;

/**
 * The accounting of a bounded worker pool: {@code workers} requests run at once, up to {@code
 * queue} more wait for a worker, and anything beyond is refused at once. A server's pool and a
 * bulkhead are the same idea at two sizes (a bulkhead is a pool with no queue, in front of one
 * dependency), so both are this class.
 *
 * <p>Invariants: {@code 0 <= busy <= workers}, {@code 0 <= waiting <= queue}; a new arrival never
 * overtakes a waiter (it waits, or is refused, while anyone waits). Trade-off: a bounded queue
 * turns overload into fast refusals a caller can act on, instead of latency that grows without end
 * (Little's law: with W workers each busy for S seconds, the pool serves at most W / S requests a
 * second, whatever the queue). Reference: Nygard, <i>Release It!</i>, "Bulkheads"; the bounded
 * {@code ThreadPoolExecutor} with an {@code AbortPolicy}.
 *
 * <p>Not thread-safe; callers serialize access. The shell does the waiting; this class decides.
 */
public final class WorkerPool {
  /** What an arriving request is told. */
  public enum Admission {
    /** A worker is free: run now (and call {@link #finish} when done). */
    RUN,
    /** Every worker is busy: wait, then {@link #take} a worker or {@link #giveUp}. */
    WAIT,
    /** Every worker is busy and the queue is full: answer at once that there is no room. */
    REFUSE
  }

  /** What a view or {@code /health} shows. */
  public record Snapshot(int workers, int queue, int busy, int waiting, long refused) {
    /** No worker free and someone waiting: the pool is the bottleneck. */
    public boolean exhausted() {
      return busy == workers && (waiting > 0 || queue == 0);
    }

    /** "8/8 busy, 8/8 waiting, 112 refused" */
    public String describe() {
      String line = busy + "/" + workers + " busy";
      if (queue > 0) {
        line += ", " + waiting + "/" + queue + " waiting";
      }
      return line + ", " + refused + " refused";
    }
  }

  private final int workers;
  private final int queue;
  private int busy;
  private int waiting;
  private long refused;

  public WorkerPool(int workers, int queue) {
    if (workers < 1 || queue < 0) {
      throw new IllegalArgumentException(
          "a pool needs at least 1 worker and a queue of 0 or more, got "
              + workers
              + " and "
              + queue);
    }
    this.workers = workers;
    this.queue = queue;
  }

  /** A request arrives. */
  public Admission arrive() {
    if (busy < workers && waiting == 0) {
      busy++;
      return Admission.RUN;
    }
    if (waiting < queue) {
      waiting++;
      return Admission.WAIT;
    }
    refused++;
    return Admission.REFUSE;
  }

  /** A waiting request asks for a worker; true when it got one and stopped waiting. */
  public boolean take() {
    if (waiting == 0) {
      throw new IllegalStateException("take() without a waiting request");
    }
    if (busy == workers) {
      return false;
    }
    waiting--;
    busy++;
    return true;
  }

  /** A waiting request leaves the queue without a worker (its caller's deadline passed). */
  public void giveUp() {
    if (waiting == 0) {
      throw new IllegalStateException("giveUp() without a waiting request");
    }
    waiting--;
  }

  /** A running request is done; its worker is free for a waiter. */
  public void finish() {
    if (busy == 0) {
      throw new IllegalStateException("finish() without a running request");
    }
    busy--;
  }

  public Snapshot snapshot() {
    return new Snapshot(workers, queue, busy, waiting, refused);
  }
}
