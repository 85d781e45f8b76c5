package workshop.balance.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import workshop.balance.http.LbWire;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.load.LoadGenerator;
import workshop.support.load.LoadPlan;
import workshop.support.load.LoadReport;
import workshop.support.proc.ChildProcess;
import workshop.verify.ModuleCheck;
import workshop.verify.VerifyAborted;
import workshop.verify.VerifyRun;

/**
 * {@code ./workshop verify 02}: a real balancer in front of three real nodes. Round-robin spreads
 * evenly; a killed node is ejected and traffic goes on; with one slow node, power of two choices
 * beats round-robin's p99; and a rate-limited node throttles a bad actor but never a good user.
 *
 * <p>The slow node works fib({@value #SLOW_LOAD_FACTOR}) per request on its simulated CPU (398 ms
 * on each of its 2 cores, whatever else the laptop runs), the others nothing; both balancers get
 * the same closed-loop load of {@value #CONCURRENCY} clients. Power-of-two passes when its p99 is
 * at most {@value #P99_RATIO} of round-robin's: round-robin's p99 is a request queued on the slow
 * node (0.4-1.2 s), power-of-two's a fast node's few milliseconds, so the gap is a hundredfold and
 * the margin wide.
 */
public final class BalanceCheck implements ModuleCheck {
  static final int SLOW_LOAD_FACTOR = 35;
  static final int CONCURRENCY = 6;
  static final double P99_RATIO = 0.5;
  static final Duration MEASURE = Duration.ofSeconds(3);
  static final byte[] BODY =
      "{\"key\":\"test\",\"value\":\"123\"}".getBytes(StandardCharsets.UTF_8);

  private VerifyRun run;
  private final String[] nodeUrls = new String[4];
  private final ChildProcess[] nodes = new ChildProcess[4];

  @Override
  public void run(VerifyRun run) throws Exception {
    this.run = run;
    run.step("Step 1: three equal nodes behind a round-robin balancer");
    for (int id = 1; id <= 3; id++) {
      nodes[id] = startNode(id, 0);
    }
    for (int id = 1; id <= 3; id++) {
      run.awaitHealthy(nodes[id], nodeUrls[id], VerifyRun.STARTUP);
    }
    String lb = startBalancer("lb", "round-robin");
    load(lb, 2, 900, null);
    LbWire.Stats stats = stats(lb);
    long total = stats.requests();
    List<String> counts = new ArrayList<>();
    boolean even = total >= 900;
    for (LbWire.Backend b : stats.backends()) {
      long n = b.requests();
      counts.add(n + " (" + pct(n, total) + ")");
      even &= Math.abs(n - total / 3.0) <= 0.10 * total / 3.0;
    }
    run.check(
        "round-robin spreads evenly: each node within 10 % of a third",
        even, total + " requests -> " + String.join(", ", counts));

    run.step("Step 2: kill node 3 while traffic flows");
    run.kill(nodes[3]);
    // Writes in flight on the killed node's connections at the moment of the kill may fail (a
    // proxy must not resend a POST that may have arrived); after that, none may.
    LoadReport during = load(lb, 2, 100, null);
    LoadReport after = load(lb, 2, 300, null);
    LbWire.Backend third = stats(lb).backends().get(2);
    String down =
        nodeLines(lb).stream().filter(l -> l.contains("DOWN")).findFirst().orElse("(no log line)");
    run.check(
        "a dead backend is ejected and traffic continues on the others",
        !third.healthy() && after.overall().ok() == 300,
        String.format(
            Locale.ROOT,
            "%d of 100 answered 200 right after the kill, then %d of 300; node 3 healthy=%s; log:"
                + " %s",
            during.overall().ok(),
            after.overall().ok(),
            third.healthy(),
            down.trim()));

    run.step(
        "Step 3: node 3 comes back slow (--load-factor "
            + SLOW_LOAD_FACTOR
            + "); round-robin vs power-of-two, "
            + CONCURRENCY
            + " concurrent clients each");
    nodes[3] = startNode(3, SLOW_LOAD_FACTOR);
    run.awaitHealthy(nodes[3], nodeUrls[3], VerifyRun.STARTUP);
    String rr = startBalancer("lb-rr", "round-robin");
    String p2c = startBalancer("lb-p2c", "power-of-two");
    // Warm-ups: the JIT for both, and for power-of-two a first latency measurement of each node.
    load(rr, CONCURRENCY, 30, null);
    load(p2c, CONCURRENCY, 150, null);
    long[] rrBefore = requests(rr);
    LoadReport slowRr = load(rr, CONCURRENCY, 0, MEASURE);
    long[] rrAfter = requests(rr);
    long[] p2cBefore = requests(p2c);
    LoadReport slowP2c = load(p2c, CONCURRENCY, 0, MEASURE);
    long[] p2cAfter = requests(p2c);
    double rrP99 = slowRr.overall().p99();
    double p2cP99 = slowP2c.overall().p99();
    run.check(
        "power-of-two beats round-robin's p99 with one slow node",
        p2cP99 < P99_RATIO * rrP99 && slowP2c.overall().errors() == 0,
        String.format(
            Locale.ROOT,
            "p99 %.1f ms round-robin (p50 %.1f, %.0f req/s) vs %.1f ms power-of-two (p50 %.1f,"
                + " %.0f req/s): %.3fx, passes at most %.1fx; the slow node got %s vs %s of the"
                + " requests",
            rrP99,
            slowRr.overall().p50(),
            slowRr.throughput(),
            p2cP99,
            slowP2c.overall().p50(),
            slowP2c.throughput(),
            rrP99 <= 0 ? 0 : p2cP99 / rrP99,
            P99_RATIO,
            share(rrBefore, rrAfter, 2),
            share(p2cBefore, p2cAfter, 2)));

    run.step("Step 4: a node with --rate-limit 5; a good user (1/s) and a bad actor (20/s)");
    int port = run.freePort();
    ChildProcess limited =
        run.start(
            "node-limited",
            "node",
            "--port",
            Integer.toString(port),
            "--id",
            "4",
            "--rate-limit",
            "5",
            "--burst",
            "5");
    String target = "http://127.0.0.1:" + port;
    run.awaitHealthy(limited, target, VerifyRun.STARTUP);
    Tally good = new Tally();
    Tally bad = new Tally();
    Thread goodUser = Thread.ofPlatform().start(() -> send(target, "good-user", 5, 1000, good));
    Thread badActor = Thread.ofPlatform().start(() -> send(target, "bad-actor", 80, 50, bad));
    goodUser.join();
    badActor.join();
    int healthOk = 0;
    for (int i = 0; i < 20; i++) {
      healthOk += run.http().get(target + "/health").status() == 200 ? 1 : 0;
    }
    run.check(
        "the bad actor gets 429s with Retry-After while the good user gets none",
        bad.limited.get() > 0
            && bad.ok.get() > 0
            && bad.headersMissing.get() == 0
            && good.limited.get() == 0
            && good.ok.get() == 5
            && healthOk == 20,
        String.format(
            Locale.ROOT,
            "good user: %d x 200, %d x 429; bad actor: %d x 200, %d x 429 (Retry-After %s, %s);"
                + " /health 20/20 exempt=%s",
            good.ok.get(),
            good.limited.get(),
            bad.ok.get(),
            bad.limited.get(),
            bad.retryAfter.get(),
            bad.body.get(),
            healthOk == 20));
  }

  private ChildProcess startNode(int id, int loadFactor) {
    int port = run.freePort();
    nodeUrls[id] = "http://127.0.0.1:" + port;
    return run.start(
        "node-" + id,
        "node",
        "--port",
        Integer.toString(port),
        "--id",
        Integer.toString(id),
        "--load-factor",
        Integer.toString(loadFactor),
        "--workers",
        "4");
  }

  private final Map<String, ChildProcess> balancers = new java.util.HashMap<>();

  private String startBalancer(String name, String strategy) {
    int port = run.freePort();
    String url = "http://127.0.0.1:" + port;
    ChildProcess p =
        run.start(
            name,
            "lb",
            "--port",
            Integer.toString(port),
            "--strategy",
            strategy,
            "--backends",
            String.join(",", nodeUrls[1], nodeUrls[2], nodeUrls[3]));
    run.awaitHealthy(p, url, VerifyRun.STARTUP);
    balancers.put(url, p);
    return url;
  }

  private List<String> nodeLines(String lb) {
    return balancers.get(lb).recentOutput();
  }

  /** Requests per backend so far: [total, backend 0, backend 1, ...]. */
  private long[] requests(String lb) {
    LbWire.Stats stats = stats(lb);
    long[] n = new long[4];
    n[0] = stats.requests();
    for (int i = 0; i < 3; i++) {
      n[i + 1] = stats.backends().get(i).requests();
    }
    return n;
  }

  private LbWire.Stats stats(String lb) {
    return run.http().get(lb + "/lb/stats").read(LbWire.Stats.class);
  }

  private static String share(long[] before, long[] after, int index) {
    return pct(after[index + 1] - before[index + 1], after[0] - before[0]);
  }

  private static String pct(long n, long total) {
    return String.format(Locale.ROOT, "%.1f %%", total == 0 ? 0 : 100.0 * n / total);
  }

  private static LoadReport load(String target, int concurrency, long requests, Duration d) {
    LoadPlan plan =
        new LoadPlan(
            List.of(target),
            "POST",
            "/data",
            BODY,
            concurrency,
            requests,
            d,
            Duration.ofSeconds(10));
    return new LoadGenerator(plan).run(null);
  }

  /** What one user of the rate-limit step saw. */
  static final class Tally {
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger limited = new AtomicInteger();
    final AtomicInteger headersMissing = new AtomicInteger();
    final AtomicReference<String> retryAfter = new AtomicReference<>("-");
    final AtomicReference<String> body = new AtomicReference<>("-");
  }

  /** Sends {@code n} valid writes as {@code client}, one every {@code everyMillis}. */
  private void send(String target, String client, int n, long everyMillis, Tally tally) {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long due = start + i * everyMillis * 1_000_000L;
      long wait = (due - System.nanoTime()) / 1_000_000L;
      if (wait > 0) {
        VerifyRun.pause(Duration.ofMillis(wait));
      }
      try {
        ClientResponse r =
            run.http()
                .send(
                    "POST",
                    target + "/data",
                    Map.of("Content-Type", "application/json", "X-Client-Id", client),
                    BODY,
                    Duration.ofSeconds(5));
        if (r.status() == 200) {
          tally.ok.incrementAndGet();
        } else if (r.status() == 429) {
          tally.limited.incrementAndGet();
          tally.retryAfter.set(r.header("Retry-After"));
          tally.body.set(r.text().length() > 60 ? r.text().substring(0, 60) + "..." : r.text());
          if (r.header("Retry-After") == null
              || r.header("RateLimit-Limit") == null
              || r.header("RateLimit-Remaining") == null
              || r.header("RateLimit-Reset") == null) {
            tally.headersMissing.incrementAndGet();
          }
        }
      } catch (CallFailure e) {
        throw new VerifyAborted(client + ": " + e.getMessage());
      }
    }
  }
}
