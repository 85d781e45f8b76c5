package workshop.support.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.KeepAliveClient;

/**
 * Sends a {@link LoadPlan} with a fixed number of workers in a closed loop and measures every
 * answer into HdrHistograms. Workers are platform threads sharing one {@link KeepAliveClient},
 * which keeps a keep-alive connection per worker and target, so the generator is cheap enough that
 * the server, not the client, sets the numbers.
 */
public final class LoadGenerator {
  /** One completed call, for per-request output. */
  public record Outcome(
      String target,
      int status,
      double latencyMillis,
      String activeRequests,
      CallFailure failure) {}

  /** Live numbers for a status line. */
  public record Progress(
      double elapsedSeconds,
      long sent,
      long ok,
      long errors,
      double requestsPerSecond,
      double p50,
      double p99) {}

  private final LoadPlan plan;
  private final Map<String, TargetStats> stats = new LinkedHashMap<>();
  private final AtomicLong issued = new AtomicLong();
  private final Recorder recent = new Recorder(3);
  private volatile boolean stopping;
  private volatile boolean countBytes;
  private volatile Duration patience;
  private volatile boolean nobodyListened;
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong firstRefusalNanos = new AtomicLong(Long.MIN_VALUE);
  private volatile long startNanos;
  private volatile long endNanos;
  private final CountDownLatch finished = new CountDownLatch(1);
  private long lastProgressNanos;
  private long lastProgressCount;
  private final KeepAliveClient client;
  private final Map<String, String> headers;

  public LoadGenerator(LoadPlan plan) {
    this.plan = plan;
    this.client =
        new KeepAliveClient(
            plan.timeout(), "load-client", plan.keepAlive() ? plan.concurrency() : 0);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("User-Agent", "dsworkshop");
    if (plan.body() != null) {
      h.put("Content-Type", "application/json");
    }
    if (!plan.keepAlive()) {
      h.put("Connection", "close");
    }
    this.headers = Map.copyOf(h);
    for (String t : plan.targets()) {
      stats.put(t, new TargetStats(t));
    }
  }

  /**
   * Runs the plan to its end (or until {@link #stop()}), calling {@code onOutcome} for every call
   * when it is not null.
   */
  public LoadReport run(java.util.function.Consumer<Outcome> onOutcome) {
    int n = plan.concurrency();
    try {
      startNanos = System.nanoTime();
      lastProgressNanos = startNanos;
      long deadline =
          plan.duration() == null || plan.duration().isZero()
              ? Long.MAX_VALUE
              : startNanos + plan.duration().toNanos();
      List<Thread> workers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        workers.add(
            Thread.ofPlatform().daemon().name("load-" + i).start(() -> work(deadline, onOutcome)));
      }
      for (Thread w : workers) {
        try {
          w.join();
        } catch (InterruptedException e) {
          stopping = true;
          Thread.currentThread().interrupt();
        }
      }
      endNanos = System.nanoTime();
    } finally {
      client.close();
      finished.countDown();
    }
    return report();
  }

  /**
   * Stops the run when nothing listens at any target: every call refused for {@code patience} and
   * none answered ({@link NobodyListening}); {@link #nobodyListened()} then says so. Call before
   * {@link #run}.
   */
  public LoadGenerator stopWhenNobodyListens(Duration patience) {
    this.patience = patience;
    return this;
  }

  /** True when the run stopped because nothing listened at any target. */
  public boolean nobodyListened() {
    return nobodyListened;
  }

  /**
   * Counts the bytes of every answer and notes the first one's {@code Server} header and length,
   * for {@link #transfer()}. Call before {@link #run}.
   */
  public LoadGenerator countBytes() {
    this.countBytes = true;
    return this;
  }

  /**
   * The bytes received, summed over targets. A head's size is counted from the headers as parsed
   * (name, ": ", value and CRLF each, a status line as {@code HTTP/1.1 200 OK}, and the blank
   * line): the library does not say how many bytes the head took on the wire, and the difference is
   * a reason phrase's length and any folded whitespace.
   *
   * @param server the first answer's Server header, or null
   * @param documentLength the first answer's body length, or -1
   */
  public record Transfer(
      long headBytes, long bodyBytes, String server, long documentLength, boolean variable) {}

  public Transfer transfer() {
    long head = 0;
    long body = 0;
    String server = null;
    long first = -1;
    boolean variable = false;
    for (TargetStats s : stats.values()) {
      head += s.headBytes.sum();
      body += s.bodyBytes.sum();
      if (first < 0 && s.firstLength() >= 0) {
        server = s.server();
        first = s.firstLength();
      } else if (s.firstLength() >= 0 && s.firstLength() != first) {
        variable = true;
      }
      variable |= s.variableLength();
    }
    return new Transfer(head, body, server, first, variable);
  }

  /** Milliseconds at each of {@code percents} (0-100) over every answer so far; 0 when none. */
  public Map<Integer, Double> percentiles(List<Integer> percents) {
    Histogram all = new Histogram(3);
    for (TargetStats s : stats.values()) {
      all.add(s.histogram());
    }
    Map<Integer, Double> out = new LinkedHashMap<>();
    for (int p : percents) {
      out.put(
          p,
          all.getTotalCount() == 0
              ? 0
              : (p >= 100 ? all.getMaxValue() : all.getValueAtPercentile(p)) / 1000.0);
    }
    return out;
  }

  private static long headBytes(ClientResponse a) {
    long n = "HTTP/1.1 200 OK\r\n".length() + 2;
    for (Map.Entry<String, String> h : a.headers()) {
      n += h.getKey().length() + 2 + h.getValue().length() + 2;
    }
    return n;
  }

  /** Asks the workers to stop after their current call. */
  public void stop() {
    stopping = true;
  }

  /** Waits until {@link #run} has returned, at most {@code timeout}. */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** One worker: calls in a closed loop, round-robin over the targets. */
  private void work(long deadline, java.util.function.Consumer<Outcome> onOutcome) {
    List<String> targets = plan.targets();
    while (!stopping && System.nanoTime() < deadline) {
      long ticket = issued.getAndIncrement();
      if (plan.maxRequests() > 0 && ticket >= plan.maxRequests()) {
        return;
      }
      int index = (int) (ticket % targets.size());
      String target = targets.get(index);
      TargetStats s = stats.get(target);
      long t0 = System.nanoTime();
      try {
        ClientResponse a =
            client.send(plan.method(), target, plan.path(), headers, plan.body(), plan.timeout());
        long micros = (System.nanoTime() - t0) / 1_000;
        s.answered(a.status(), micros);
        if (countBytes) {
          s.received(headBytes(a), a.body().length, a.header("Server"));
        }
        answered.incrementAndGet();
        recent.recordValue(Math.max(1, micros));
        if (onOutcome != null) {
          onOutcome.accept(
              new Outcome(
                  target, a.status(), micros / 1000.0, a.header("X-Active-Requests"), null));
        }
      } catch (CallFailure f) {
        s.failed(f.kind());
        if (onOutcome != null) {
          onOutcome.accept(new Outcome(target, 0, (System.nanoTime() - t0) / 1e6, null, f));
        }
        if (f.kind() == CallFailure.Kind.REFUSED) {
          refused();
        }
      }
    }
  }

  /** After a refused call: give up when nothing listens anywhere, else pause while none has. */
  private void refused() {
    long now = System.nanoTime();
    firstRefusalNanos.compareAndSet(Long.MIN_VALUE, now);
    Duration since = Duration.ofNanos(now - firstRefusalNanos.get());
    long refused = 0;
    for (TargetStats t : stats.values()) {
      refused += t.failures(CallFailure.Kind.REFUSED);
    }
    if (patience != null && NobodyListening.giveUp(answered.get(), refused, since, patience)) {
      nobodyListened = true;
      stopping = true;
    } else if (patience != null && NobodyListening.pauseAfterRefusal(answered.get())) {
      try {
        Thread.sleep(NobodyListening.PAUSE_AFTER_REFUSAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
      }
    }
  }

  /** Numbers since the previous call, for a live status line. Call from one thread. */
  public Progress progress() {
    long now = System.nanoTime();
    long sent = 0;
    long ok = 0;
    for (TargetStats s : stats.values()) {
      sent += s.requests();
      ok += s.ok.sum();
    }
    Histogram h = recent.getIntervalHistogram();
    double window = Math.max(1e-9, (now - lastProgressNanos) / 1e9);
    double rate = (sent - lastProgressCount) / window;
    lastProgressNanos = now;
    lastProgressCount = sent;
    return new Progress(
        (now - startNanos) / 1e9,
        sent,
        ok,
        sent - ok,
        rate,
        h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50) / 1000.0,
        h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1000.0);
  }

  /** The report so far (final once {@link #run} returned). */
  public LoadReport report() {
    long end = endNanos != 0 ? endNanos : System.nanoTime();
    double seconds = Math.max(1e-9, (end - startNanos) / 1e9);
    List<LoadReport.Row> rows = new ArrayList<>();
    Histogram all = new Histogram(3);
    long[] sums = new long[9];
    for (TargetStats s : stats.values()) {
      Histogram h = s.histogram();
      all.add(h);
      LoadReport.Row row = row(s.target, s, h, seconds);
      rows.add(row);
      sums[0] += row.requests();
      sums[1] += row.ok();
      sums[2] += row.timeouts();
      sums[3] += row.refused();
      sums[4] += row.resets();
      sums[5] += row.io();
      sums[6] += row.client4xx();
      sums[7] += row.server5xx();
    }
    LoadReport.Row overall =
        new LoadReport.Row(
            "all",
            sums[0],
            sums[1],
            sums[2],
            sums[3],
            sums[4],
            sums[5],
            sums[6],
            sums[7],
            sums[0] / seconds,
            pct(all, 50),
            pct(all, 95),
            pct(all, 99),
            all.getTotalCount() == 0 ? 0 : all.getMaxValue() / 1000.0,
            all.getTotalCount() == 0 ? 0 : all.getMean() / 1000.0);
    return new LoadReport(
        Duration.ofNanos((long) (seconds * 1e9)), plan.concurrency(), rows, overall);
  }

  private static LoadReport.Row row(String target, TargetStats s, Histogram h, double seconds) {
    long requests = s.requests();
    return new LoadReport.Row(
        target,
        requests,
        s.ok.sum(),
        s.failures(CallFailure.Kind.TIMEOUT),
        s.failures(CallFailure.Kind.REFUSED),
        s.failures(CallFailure.Kind.RESET),
        s.failures(CallFailure.Kind.IO),
        s.client4xx.sum(),
        s.server5xx.sum(),
        requests / seconds,
        pct(h, 50),
        pct(h, 95),
        pct(h, 99),
        h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0,
        h.getTotalCount() == 0 ? 0 : h.getMean() / 1000.0);
  }

  private static double pct(Histogram h, double p) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p) / 1000.0;
  }
}
