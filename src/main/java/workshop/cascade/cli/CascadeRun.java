package workshop.cascade.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import workshop.cascade.CascadePlan;
import workshop.cascade.CascadeReport;
import workshop.cascade.CascadeTable;
import workshop.cascade.Outcome;
import workshop.cascade.Second;
import workshop.cascade.Tier;
import workshop.cascade.Timeline;
import workshop.cascade.WorkerPool;
import workshop.cascade.http.TierServer;
import workshop.support.http.CallFailure;
import workshop.support.http.WebClient;

/**
 * One run of the cascade on real servers: C, B and A on free loopback ports in this process, a
 * steady client load on A, C slowed and healed on the {@link Timeline}'s schedule, and one line per
 * second of what the client and the probes saw. It stops by itself after the timeline's total plus
 * the client's timeout, closes what it started, and hands the numbers to a {@link CascadeReport}.
 */
final class CascadeRun {
  /** Enough for the JIT to compile the request path on a busy two-core laptop. */
  private static final int WARM_UP_CALLS = 100;

  private final CascadePlan plan;
  private final Timeline timeline;
  private final long seed;
  private final PrintStream out;
  private final boolean live;

  /**
   * @param live true: print one line per second; false: only the report (for {@code --compare})
   */
  CascadeRun(CascadePlan plan, Timeline timeline, long seed, PrintStream out, boolean live) {
    this.plan = plan;
    this.timeline = timeline;
    this.seed = seed;
    this.out = out;
    this.live = live;
  }

  CascadeReport run() throws InterruptedException {
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    List<Second> seconds = new ArrayList<>();
    AtomicInteger inFlight = new AtomicInteger();
    try (TierServer c =
            TierServer.start(Tier.C, plan, null, new SplittableRandom(seed), timeline.fastDelay());
        TierServer b =
            TierServer.start(Tier.B, plan, c.url(), new SplittableRandom(seed + 1), Duration.ZERO);
        TierServer a =
            TierServer.start(Tier.A, plan, b.url(), new SplittableRandom(seed + 2), Duration.ZERO);
        WebClient users =
            WebClient.builder()
                .timeout(CascadePlan.CLIENT_TIMEOUT)
                .maxConnections(256)
                .peerName("users")
                .build();
        WebClient probe = WebClient.create(Duration.ofMillis(500));
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor()) {
      warmUp(users, a.url());
      long c0 = c.arrivals();
      long start = System.nanoTime();
      clock.schedule(
          () -> c.delay(timeline.slowDelay()),
          timeline.slowFrom().toMillis(),
          TimeUnit.MILLISECONDS);
      clock.schedule(
          () -> c.delay(timeline.fastDelay()),
          timeline.slowUntil().toMillis(),
          TimeUnit.MILLISECONDS);
      AtomicInteger sent = new AtomicInteger();
      long everyMicros = 1_000_000L / CascadePlan.LOAD_PER_SECOND;
      clock.scheduleAtFixedRate(
          () -> {
            int n = sent.getAndIncrement();
            boolean deep = n % CascadePlan.DEEP_EVERY == 0;
            inFlight.incrementAndGet();
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        outcomes.add(call(users, a.url(), deep, start));
                      } finally {
                        inFlight.decrementAndGet();
                      }
                    });
          },
          0,
          everyMicros,
          TimeUnit.MICROSECONDS);
      if (live) {
        out.println(CascadeTable.secondsHeader());
      }
      int total = (int) ((timeline.total().toMillis() + 999) / 1000);
      for (int s = 1; s <= total; s++) {
        sleepUntil(start + TimeUnit.SECONDS.toNanos(s));
        if (s == total) {
          clock.shutdownNow();
        }
        long cNow = c.arrivals();
        WorkerPool.Snapshot pool = a.pool();
        Second second =
            new Second(s, cNow - c0, healthy(probe, a.url()), pool.busy(), pool.waiting());
        c0 = cNow;
        seconds.add(second);
        if (live) {
          CascadeReport sofar = new CascadeReport(timeline, List.copyOf(outcomes), seconds);
          out.println(CascadeTable.secondLine(sofar, second));
        }
      }
      long drainUntil = System.nanoTime() + CascadePlan.CLIENT_TIMEOUT.plusMillis(500).toNanos();
      while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
        Thread.sleep(20);
      }
    }
    return new CascadeReport(timeline, List.copyOf(outcomes), seconds);
  }

  private static Outcome call(WebClient users, String a, boolean deep, long start) {
    long began = System.nanoTime();
    boolean ok;
    try {
      ok =
          users
                  .send("GET", a + "/work?deep=" + deep, Map.of(), null, CascadePlan.CLIENT_TIMEOUT)
                  .status()
              == 200;
    } catch (CallFailure e) {
      ok = false;
    }
    long ended = System.nanoTime();
    return new Outcome(
        TimeUnit.NANOSECONDS.toMillis(began - start),
        TimeUnit.NANOSECONDS.toMillis(ended - began),
        ok);
  }

  /**
   * A few calls down the chain before the clock starts, so the first second measures the servers
   * rather than the JVM's first compilations and the first connections.
   */
  private static void warmUp(WebClient users, String a) {
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      call(users, a, i % 2 == 0, System.nanoTime());
    }
  }

  private static boolean healthy(WebClient probe, String a) {
    try {
      return probe.get(a + "/health").status() == 200;
    } catch (CallFailure e) {
      return false;
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
