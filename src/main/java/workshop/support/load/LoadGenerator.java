package workshop.support.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import workshop.support.http.CallFailure;
import workshop.support.http.Peers;

/**
 * Sends a {@link LoadPlan} with a fixed number of requests in flight, in a closed loop, and
 * measures every answer into HdrHistograms. One thread drives every connection ({@link LoadLoop}: a
 * selector, as wrk's epoll loop), so the generator is cheap enough that the server, not the client,
 * sets the numbers; each request is timed from its write to its answer's last byte.
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

  /** The headers the loop keeps from each answer, by index. */
  private static final int SERVER = 0;

  private static final int ACTIVE_REQUESTS = 1;

  private final LoadPlan plan;
  private final Map<String, TargetStats> stats = new LinkedHashMap<>();
  private final TargetStats[] byIndex;
  private final Recorder recent = new Recorder(3);
  private final LoadLoop loop;
  private volatile boolean stopping;
  private volatile boolean countBytes;
  private volatile Duration patience;
  private volatile boolean nobodyListened;
  private final AtomicLong answered = new AtomicLong();
  private long issued;
  private long firstRefusalNanos = Long.MIN_VALUE;
  private long deadlineNanos;
  private Consumer<Outcome> onOutcome;
  private volatile long startNanos;
  private volatile long endNanos;
  private final CountDownLatch finished = new CountDownLatch(1);
  private long lastProgressNanos;
  private long lastProgressCount;

  public LoadGenerator(LoadPlan plan) {
    this.plan = plan;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("User-Agent", "dsworkshop");
    headers.put(Peers.HEADER, "load-client");
    if (plan.body() != null) {
      headers.put("Content-Type", "application/json");
    }
    if (!plan.keepAlive()) {
      headers.put("Connection", "close");
    }
    this.byIndex = new TargetStats[plan.targets().size()];
    for (int i = 0; i < byIndex.length; i++) {
      String t = plan.targets().get(i);
      byIndex[i] = stats.computeIfAbsent(t, TargetStats::new);
    }
    this.loop = new LoadLoop(new Driver(), plan, headers, "Server", "X-Active-Requests");
  }

  /**
   * Runs the plan to its end (or until {@link #stop()}), calling {@code onOutcome} for every call
   * when it is not null. Runs on the caller's thread; an interrupt ends it at once, without waiting
   * for the requests in flight.
   */
  public LoadReport run(Consumer<Outcome> onOutcome) {
    this.onOutcome = onOutcome;
    try {
      startNanos = System.nanoTime();
      lastProgressNanos = startNanos;
      deadlineNanos =
          plan.duration() == null || plan.duration().isZero()
              ? Long.MAX_VALUE
              : startNanos + plan.duration().toNanos();
      loop.run(plan.concurrency());
      endNanos = System.nanoTime();
    } catch (IOException e) {
      throw new UncheckedIOException("the load client could not open a selector", e);
    } finally {
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
   * The bytes received, summed over targets, as they came on the wire: {@code headBytes} is all
   * that was not body content (status lines, headers, chunk framing).
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

  /** Asks the run to stop; requests in flight are answered (or time out) first. */
  public void stop() {
    stopping = true;
  }

  /** Waits until {@link #run} has returned, at most {@code timeout}. */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** What the loop asks for and reports, on the loop's thread. */
  private final class Driver implements LoadLoop.Driver {
    @Override
    public int next() {
      if (stopping || (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0)) {
        return -1;
      }
      if (plan.maxRequests() > 0 && issued >= plan.maxRequests()) {
        return -1;
      }
      return (int) (issued++ % byIndex.length);
    }

    @Override
    public void answered(int target, AnswerParser answer, long nanos) {
      long micros = nanos / 1_000;
      TargetStats s = byIndex[target];
      s.answered(answer.status(), micros);
      if (countBytes) {
        String server = s.firstLength() < 0 ? answer.header(SERVER) : null;
        s.received(answer.headBytes(), answer.bodyBytes(), server);
      }
      answered.incrementAndGet();
      recent.recordValue(Math.max(1, micros));
      if (onOutcome != null) {
        onOutcome.accept(
            new Outcome(
                s.target, answer.status(), micros / 1000.0, answer.header(ACTIVE_REQUESTS), null));
      }
    }

    @Override
    public long failed(int target, CallFailure failure, long nanos) {
      TargetStats s = byIndex[target];
      s.failed(failure.kind());
      if (onOutcome != null) {
        onOutcome.accept(new Outcome(s.target, 0, nanos / 1e6, null, failure));
      }
      return failure.kind() == CallFailure.Kind.REFUSED ? refused() : 0;
    }
  }

  /**
   * After a refused call: gives up when nothing listens anywhere; else returns how long the slot
   * pauses (while none has answered) in nanoseconds.
   */
  private long refused() {
    long now = System.nanoTime();
    if (firstRefusalNanos == Long.MIN_VALUE) {
      firstRefusalNanos = now;
    }
    Duration since = Duration.ofNanos(now - firstRefusalNanos);
    long refused = 0;
    for (TargetStats t : stats.values()) {
      refused += t.failures(CallFailure.Kind.REFUSED);
    }
    if (patience != null && NobodyListening.giveUp(answered.get(), refused, since, patience)) {
      nobodyListened = true;
      stopping = true;
    } else if (patience != null && NobodyListening.pauseAfterRefusal(answered.get())) {
      return NobodyListening.PAUSE_AFTER_REFUSAL.toNanos();
    }
    return 0;
  }

  /** Numbers since the previous call, for a live status line. Call from one thread. */
  public Progress progress() {
    long now = System.nanoTime();
    long sent = 0;
    long ok = 0;
    // The loop counts while this reads: every ok is read before the totals that include it, so
    // the totals are never fewer than the oks and errors (sent - ok) never read negative.
    for (TargetStats s : stats.values()) {
      ok += s.ok.sum();
    }
    for (TargetStats s : stats.values()) {
      sent += s.requests();
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
