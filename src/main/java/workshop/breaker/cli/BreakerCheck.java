package workshop.breaker.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workshop.breaker.BreakerConfig;
import workshop.breaker.BreakerState;
import workshop.breaker.CircuitBreaker;
import workshop.breaker.Decision;
import workshop.breaker.http.FlakyWire;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.proc.ChildProcess;
import workshop.verify.ModuleCheck;
import workshop.verify.VerifyRun;

/**
 * {@code ./workshop verify 09}: a real flaky server, and the breaker with the real clock and its
 * default settings (threshold 3, open 5 s) driven call by call as the manual's steps do. About 15
 * s, most of it the two 5 s cool-downs.
 */
public final class BreakerCheck implements ModuleCheck {
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  /**
   * A rejection is a few microseconds of work in this process, but a busy laptop can pause any
   * thread for milliseconds (2.3 ms seen at load average 9); 50 ms leaves room for that and is
   * still 20 times shorter than the timeout a rejection saves.
   */
  static final Duration FAST = Duration.ofMillis(50);

  /** A timed-out call waited for the timeout, less a little clock granularity. */
  static final Duration FULL = TIMEOUT.multipliedBy(9).dividedBy(10);

  /** One call through the breaker, as the check saw it. */
  record Outcome(String result, BreakerState after, Duration latency) {}

  private VerifyRun run;
  private String url;

  @Override
  public void run(VerifyRun run) {
    this.run = run;
    int port = run.freePort();
    ChildProcess server =
        run.start("flaky-server", "flaky-server", "--port", Integer.toString(port));
    url = "http://127.0.0.1:" + port;
    run.awaitHealthy(server, url, VerifyRun.STARTUP);
    CircuitBreaker breaker = new CircuitBreaker(BreakerConfig.DEFAULTS);
    try (WebClient http = WebClient.builder().timeout(TIMEOUT).peerName("verify-09").build()) {
      run.step("Step 1-3: a healthy call, then POST /fail and call until the circuit opens");
      Outcome healthy = call(breaker, http);
      post("/fail");
      long before = serverCalls();
      List<Outcome> failing = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        failing.add(call(breaker, http));
      }
      run.check(
          "the circuit opens after exactly 3 failures",
          healthy.after() == BreakerState.CLOSED
              && failing.get(0).after() == BreakerState.CLOSED
              && failing.get(1).after() == BreakerState.CLOSED
              && failing.get(2).after() == BreakerState.OPEN
              && serverCalls() - before == 3,
          "states after calls 1-3: "
              + failing.stream().map(o -> o.result() + "->" + o.after()).toList()
              + "; "
              + last(breaker));

      List<Outcome> open = new ArrayList<>();
      long reached = serverCalls();
      for (int i = 0; i < 5; i++) {
        open.add(call(breaker, http));
      }
      Duration slowest = open.stream().map(Outcome::latency).max(Duration::compareTo).orElseThrow();
      run.check(
          "while OPEN, calls are rejected fast without reaching the server",
          open.stream().allMatch(o -> o.result().equals("REJECTED"))
              && serverCalls() == reached
              && slowest.compareTo(FAST) < 0,
          "5 calls rejected, slowest in "
              + micros(slowest)
              + " (passes under "
              + FAST.toMillis()
              + " ms), server saw none of them");

      run.step("Step 3b: wait out the open duration while the server still fails");
      Instant opened = Instant.now();
      waitForTrial(breaker);
      Decision trial = breaker.tryAcquire(Instant.now());
      BreakerState during = breaker.state();
      Decision second = breaker.tryAcquire(Instant.now());
      run.check(
          "after the open duration the breaker is HALF_OPEN and lets exactly one trial through",
          trial.equals(new Decision.Permitted(true))
              && during == BreakerState.HALF_OPEN
              && second instanceof Decision.Rejected,
          "state "
              + during
              + " after "
              + seconds(Duration.between(opened, Instant.now()))
              + "; a second call: "
              + describe(second));
      Outcome failedTrial = finish(breaker, http);
      run.check(
          "a failed trial reopens the circuit",
          failedTrial.after() == BreakerState.OPEN,
          failedTrial.result() + " -> " + failedTrial.after() + "; " + last(breaker));

      run.step("Step 4: POST /recover and wait for the next trial");
      post("/recover");
      waitForTrial(breaker);
      breaker.tryAcquire(Instant.now());
      BreakerState halfOpen = breaker.state();
      Outcome goodTrial = finish(breaker, http);
      run.check(
          "a successful trial closes the circuit",
          halfOpen == BreakerState.HALF_OPEN && goodTrial.after() == BreakerState.CLOSED,
          halfOpen
              + " -> "
              + goodTrial.result()
              + " -> "
              + goodTrial.after()
              + "; "
              + last(breaker));

      run.step("Slow mode: POST /slow?ms=3000 with a 1 s client timeout");
      post("/slow?ms=3000");
      CircuitBreaker fresh = new CircuitBreaker(BreakerConfig.DEFAULTS);
      List<Outcome> slow = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        slow.add(call(fresh, http));
      }
      run.check(
          "slow calls take the full timeout until the circuit opens, then fail in microseconds",
          slow.subList(0, 3).stream()
                  .allMatch(o -> o.result().equals("TIMEOUT") && o.latency().compareTo(FULL) >= 0)
              && slow.get(3).result().equals("REJECTED")
              && slow.get(3).latency().compareTo(FAST) < 0,
          slow.stream().map(o -> o.result() + " " + micros(o.latency())).toList()
              + " (passes when each timeout takes at least "
              + FULL.toMillis()
              + " ms of the "
              + TIMEOUT.toMillis()
              + " ms timeout and the rejection under "
              + FAST.toMillis()
              + " ms)");
      post("/recover");
    }
  }

  private Outcome call(CircuitBreaker breaker, WebClient http) {
    long t0 = System.nanoTime();
    Decision d = breaker.tryAcquire(Instant.now());
    if (d instanceof Decision.Rejected) {
      return new Outcome("REJECTED", breaker.state(), Duration.ofNanos(System.nanoTime() - t0));
    }
    return finish(breaker, http);
  }

  /** Makes the permitted call and reports it to the breaker. */
  private Outcome finish(CircuitBreaker breaker, WebClient http) {
    long t0 = System.nanoTime();
    String result;
    try {
      ClientResponse r = http.get(url + "/");
      result = Integer.toString(r.status());
      if (r.ok()) {
        breaker.onSuccess(Instant.now());
      } else {
        breaker.onFailure(Instant.now(), "HTTP " + r.status());
      }
    } catch (CallFailure e) {
      result = e.kind().name();
      breaker.onFailure(Instant.now(), e.kind().label());
    }
    return new Outcome(result, breaker.state(), Duration.ofNanos(System.nanoTime() - t0));
  }

  private void waitForTrial(CircuitBreaker breaker) {
    VerifyRun.pause(breaker.snapshot(Instant.now()).untilTrial().plusMillis(20));
  }

  private void post(String path) {
    ClientResponse r = run.http().post(url + path);
    if (!r.ok()) {
      run.check("POST " + path + " answers 200", false, r.status() + " " + r.text());
    }
  }

  private long serverCalls() {
    return run.http().get(url + "/stats").read(FlakyWire.Stats.class).calls();
  }

  private static String last(CircuitBreaker breaker) {
    var ts = breaker.snapshot(Instant.now()).transitions();
    return ts.isEmpty() ? "no transition" : ts.get(ts.size() - 1).describe();
  }

  private static String describe(Decision d) {
    return d instanceof Decision.Rejected r ? "rejected (" + r.reason() + ")" : d.toString();
  }

  private static String micros(Duration d) {
    return d.toMillis() >= 10
        ? d.toMillis() + " ms"
        : String.format(Locale.ROOT, "%d us", d.toNanos() / 1_000);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
