package workshop.node;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A node's processor, simulated: {@code workers} threads take requests first come, first served,
 * and each runs its request on one of {@code cores} cores. A request that finds every worker busy
 * waits in the node's queue; one that has a worker but finds every core busy waits for the first
 * core to free. Each node is its own machine: three nodes have three times the cores, whatever the
 * laptop they run on, and a busy laptop does not slow them down.
 *
 * <p>How it works: a request runs to completion on its core (no time slicing) and both queues are
 * first come, first served, so the moment a request arrives it is known when it will finish: it
 * takes the worker that frees first, then the core that frees first after that, and holds both for
 * its work time. {@link #admit} returns that schedule; the shell only waits until the finish
 * instant. This is the FCFS multi-server queue of queueing theory (Kleinrock, <i>Queueing
 * Systems</i>, vol. 1), twice in a row.
 *
 * <p>Invariants: at any instant at most {@code workers} requests hold a worker and at most {@code
 * cores} of them hold a core; requests start in the order they arrived; a core is never idle while
 * a request with a worker waits for one (the processor is work-conserving).
 *
 * <p>Trade-off: a real operating system time-slices threads across cores, so five equal requests on
 * one core all finish late together instead of one after another. The throughput is the same and
 * the average latency close; running to completion keeps every number predictable from Little's law
 * (in-flight requests = throughput x latency), which is what Module 01 asks students to check.
 *
 * <p>Time is an input; an instant earlier than one already seen is taken as that one. Not
 * thread-safe: the shell serializes calls.
 */
public final class SimulatedCpu {
  /** What became of one request. */
  public sealed interface Admission {}

  /**
   * An accepted request: when it arrived, got a worker, got a core and will finish.
   *
   * @param core the core it runs on, 1 to {@code cores}: the lowest-numbered free one
   */
  public record Scheduled(
      Instant arrived, Instant gotWorker, Instant gotCore, Instant finishes, int core)
      implements Admission {
    /** Time spent waiting for a worker, in the node's queue. */
    public Duration queued() {
      return Duration.between(arrived, gotWorker);
    }

    /** Time spent holding a worker but waiting for a core. */
    public Duration waitedForCore() {
      return Duration.between(gotWorker, gotCore);
    }

    /** Time on the core. */
    public Duration worked() {
      return Duration.between(gotCore, finishes);
    }
  }

  /** A request turned away, and why. */
  public record Refused(String reason) implements Admission {}

  /**
   * What the processor is doing at one instant.
   *
   * @param working requests holding a worker (on a core or waiting for one)
   * @param busyCores requests on a core
   * @param waitingForCore requests holding a worker and waiting for a core
   * @param queued requests waiting for a worker
   */
  public record Snapshot(
      int workers, int cores, int working, int busyCores, int waitingForCore, int queued) {}

  private final CpuConfig config;
  private final Instant[] workerFreeAt;
  private final Instant[] coreFreeAt;
  private final List<Scheduled> unfinished = new ArrayList<>();
  private Instant latest = Instant.MIN;

  public SimulatedCpu(CpuConfig config) {
    this.config = config;
    this.workerFreeAt = new Instant[config.workers()];
    this.coreFreeAt = new Instant[config.cores()];
    Arrays.fill(workerFreeAt, Instant.MIN);
    Arrays.fill(coreFreeAt, Instant.MIN);
  }

  public CpuConfig config() {
    return config;
  }

  /**
   * Admits a request that needs {@code units} of work, arriving at {@code now}, or refuses it when
   * it would have to wait for a worker and {@link CpuConfig#maxQueued()} requests already do.
   */
  public Admission admit(Instant now, long units) {
    now = observe(now);
    int worker = pick(workerFreeAt, now);
    int queued = snapshot(now).queued();
    if (workerFreeAt[worker].isAfter(now) && queued >= config.maxQueued()) {
      return new Refused(
          "all "
              + config.workers()
              + " workers are busy and "
              + queued
              + " requests already wait for one");
    }
    Instant gotWorker = later(now, workerFreeAt[worker]);
    int core = pick(coreFreeAt, gotWorker);
    Instant gotCore = later(gotWorker, coreFreeAt[core]);
    Instant finishes = gotCore.plus(config.timeFor(units));
    workerFreeAt[worker] = finishes;
    coreFreeAt[core] = finishes;
    Scheduled s = new Scheduled(now, gotWorker, gotCore, finishes, core + 1);
    unfinished.add(s);
    return s;
  }

  /** Counts what holds a worker or a core at {@code now}, forgetting finished requests. */
  public Snapshot snapshot(Instant now) {
    now = observe(now);
    Instant at = now;
    unfinished.removeIf(s -> !s.finishes().isAfter(at));
    int working = 0;
    int busy = 0;
    int queued = 0;
    for (Scheduled s : unfinished) {
      if (s.gotWorker().isAfter(now)) {
        queued++;
      } else {
        working++;
        busy += s.gotCore().isAfter(now) ? 0 : 1;
      }
    }
    return new Snapshot(config.workers(), config.cores(), working, busy, working - busy, queued);
  }

  private Instant observe(Instant now) {
    latest = later(now, latest);
    return latest;
  }

  /**
   * The lowest-numbered server already free {@code at} that instant, else the one that frees first.
   * Any free one gives the same start; the lowest keeps a lone worker on core 1, as a student would
   * expect.
   */
  private static int pick(Instant[] freeAt, Instant at) {
    int best = 0;
    for (int i = 0; i < freeAt.length; i++) {
      if (!freeAt[i].isAfter(at)) {
        return i;
      }
      if (freeAt[i].isBefore(freeAt[best])) {
        best = i;
      }
    }
    return best;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
