package workshop.node.http;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.Callable;
import workshop.node.NodeConfig;
import workshop.node.SimulatedCpu;
import workshop.support.http.HttpError;
import workshop.support.http.Response;
import workshop.support.json.Json;

/**
 * Runs data requests on the node's simulated CPU: asks {@link SimulatedCpu} when the request will
 * finish, waits until then without burning anything, and answers. The request's own thread does the
 * waiting (the server gives each request a virtual thread), so no pool is needed: the simulated
 * workers are the limit.
 */
final class SimulatedProcessor implements Processor {
  /** Monotonic, so a wall-clock adjustment cannot stretch or cut a request's work. */
  private static final long ORIGIN = System.nanoTime();

  private static final InstantSource CLOCK =
      () -> Instant.EPOCH.plusNanos(System.nanoTime() - ORIGIN);

  private final NodeConfig config;
  private final PrintStream log;
  private final SimulatedCpu cpu;
  private final long units;

  SimulatedProcessor(NodeConfig config, int maxQueued, PrintStream log) {
    this.config = config;
    this.log = log;
    this.cpu = new SimulatedCpu(config.simulatedCpu(maxQueued));
    this.units = config.workUnits();
  }

  @Override
  public Response run(Callable<Response> answer) throws Exception {
    SimulatedCpu.Admission admission;
    synchronized (cpu) {
      admission = cpu.admit(CLOCK.instant(), units);
    }
    switch (admission) {
      case SimulatedCpu.Refused refused ->
          throw new HttpError(
              503,
              "overloaded",
              "Node "
                  + config.id()
                  + " is overloaded: "
                  + refused.reason()
                  + "; try again later or add workers/nodes");
      case SimulatedCpu.Scheduled scheduled -> {
        waitUntil(scheduled.finishes());
        if (units > 0) {
          report(scheduled);
        }
      }
    }
    return answer.call();
  }

  private static void waitUntil(Instant finish) throws InterruptedException {
    Duration left = Duration.between(CLOCK.instant(), finish);
    while (left.isPositive()) {
      Thread.sleep(left);
      left = Duration.between(CLOCK.instant(), finish);
    }
  }

  private void report(SimulatedCpu.Scheduled s) {
    log.printf(
        Locale.ROOT,
        "[Node %d] CPU Load: fib(%d) took %.2fms on simulated core %d of %d (waited %.2fms for a"
            + " worker, %.2fms for a core)%n",
        config.id(),
        config.loadFactor(),
        millis(s.worked()),
        s.core(),
        config.cores(),
        millis(s.queued()),
        millis(s.waitedForCore()));
  }

  private SimulatedCpu.Snapshot snapshot() {
    synchronized (cpu) {
      return cpu.snapshot(CLOCK.instant());
    }
  }

  @Override
  public int working() {
    return snapshot().working();
  }

  @Override
  public int queued() {
    return snapshot().queued();
  }

  @Override
  public Object stats() {
    SimulatedCpu.Snapshot s = snapshot();
    return Json.map(
        "mode", config.cpu().flag(),
        "cores", s.cores(),
        "busy_cores", s.busyCores(),
        "waiting_for_core", s.waitingForCore(),
        "work_ms", millis(cpu.config().timeFor(units)));
  }

  @Override
  public void close() {}

  private static double millis(Duration d) {
    return Math.round(d.toNanos() / 10_000.0) / 100.0;
  }
}
