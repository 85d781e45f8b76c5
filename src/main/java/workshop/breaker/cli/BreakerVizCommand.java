package workshop.breaker.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.breaker.BreakerConfig;
import workshop.breaker.CircuitBreaker;
import workshop.breaker.Decision;
import workshop.breaker.Transition;
import workshop.breaker.http.FlakyWire;
import workshop.support.cli.DurationConverter;
import workshop.support.cli.UserError;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.term.Frame;
import workshop.support.term.LiveView;
import workshop.support.term.RefreshLoop;

/**
 * {@code ./workshop viz breaker [--target URL]}: calls the target once per interval through a
 * {@link CircuitBreaker} and shows what the breaker decided and why.
 */
@Command(
    name = "breaker",
    mixinStandardHelpOptions = true,
    description = "Module 09: call a target through a circuit breaker and watch it trip and heal.")
public final class BreakerVizCommand implements Callable<Integer> {
  @Option(
      names = "--target",
      defaultValue = "http://127.0.0.1:9001/",
      description = "URL to call (default ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--timeout",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Client timeout per call (default ${DEFAULT-VALUE}, as the original).")
  Duration timeout;

  @Option(
      names = "--every",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Pause between calls (default ${DEFAULT-VALUE}).")
  Duration every;

  @Option(
      names = "--threshold",
      defaultValue = "3",
      description = "Consecutive failures that open the circuit (default ${DEFAULT-VALUE}).")
  int threshold;

  @Option(
      names = "--open-duration",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Time OPEN before a trial call (default ${DEFAULT-VALUE}).")
  Duration openDuration;

  @Option(
      names = "--calls",
      defaultValue = "0",
      description = "Stop after this many calls (default ${DEFAULT-VALUE}: until Ctrl+C).")
  int maxCalls;

  private CircuitBreaker breaker;
  private WebClient http;
  private LiveView view;
  private final List<BreakerView.Call> calls = new ArrayList<>();
  private Instant started;
  private String hint;

  @Override
  public Integer call() {
    BreakerConfig config;
    try {
      config = new BreakerConfig(threshold, openDuration);
    } catch (IllegalArgumentException e) {
      throw new UserError("--threshold/--open-duration: " + e.getMessage());
    }
    if (timeout.isZero() || maxCalls < 0) {
      throw new UserError("--timeout must be more than 0 and --calls 0 or more");
    }
    if (!target.startsWith("http://")) {
      throw new UserError("--target must be an http:// URL, got '" + target + "'");
    }
    breaker = new CircuitBreaker(config);
    started = Instant.now();
    String base = target.replaceFirst("/+$", "");
    hint =
        "Try: curl -X POST "
            + base
            + "/fail | /recover | /slow?ms=3000 | /flaky?rate=0.5    (Ctrl+C quits)";
    try (WebClient client = WebClient.builder().timeout(timeout).peerName("viz-breaker").build();
        LiveView live = LiveView.open()) {
      http = client;
      view = live;
      RefreshLoop.run(view, every, this::step, () -> maxCalls > 0 && calls.size() >= maxCalls);
    }
    return 0;
  }

  /** One call through the breaker; returns the frame showing its result. */
  private Frame step() {
    Transition before = lastTransition();
    long t0 = System.nanoTime();
    Decision decision = breaker.tryAcquire(Instant.now());
    int number = calls.size() + 1;
    if (decision instanceof Decision.Rejected r) {
      calls.add(new BreakerView.Call(number, "REJECTED", since(t0), r.reason()));
      return frame();
    }
    if (((Decision.Permitted) decision).trial()) {
      // Drawn before the trial so HALF-OPEN is on screen for as long as the trial takes.
      List<BreakerView.Call> inFlight = new ArrayList<>(calls);
      inFlight.add(
          new BreakerView.Call(
              number,
              "TRIAL...",
              Duration.ZERO,
              "the one trial call",
              lastTransition().announcement()));
      view.show(
          BreakerView.render(target, timeout, started, snapshot(), inFlight, hint, view.size()));
      before = lastTransition();
    }
    t0 = System.nanoTime();
    try {
      ClientResponse r = http.get(target, timeout);
      if (r.ok()) {
        breaker.onSuccess(Instant.now());
        calls.add(
            new BreakerView.Call(
                number, Integer.toString(r.status()), since(t0), "Response: " + message(r)));
      } else {
        breaker.onFailure(Instant.now(), "HTTP " + r.status());
        calls.add(
            new BreakerView.Call(
                number, Integer.toString(r.status()), since(t0), "Error: HTTP " + r.status()));
      }
    } catch (CallFailure e) {
      breaker.onFailure(Instant.now(), e.kind().label());
      calls.add(
          new BreakerView.Call(number, e.kind().name(), since(t0), "Error: " + e.getMessage()));
    }
    announce(before);
    return frame();
  }

  /** Stamps the last call with the original's line for the transition it caused, if any. */
  private void announce(Transition before) {
    Transition after = lastTransition();
    if (after != null && !after.equals(before)) {
      BreakerView.Call c = calls.remove(calls.size() - 1);
      calls.add(
          new BreakerView.Call(
              c.number(), c.outcome(), c.latency(), c.detail(), after.announcement()));
    }
  }

  private Transition lastTransition() {
    List<Transition> ts = snapshot().transitions();
    return ts.isEmpty() ? null : ts.get(ts.size() - 1);
  }

  private Frame frame() {
    return BreakerView.render(target, timeout, started, snapshot(), calls, hint, view.size());
  }

  private workshop.breaker.BreakerSnapshot snapshot() {
    return breaker.snapshot(Instant.now());
  }

  private static String message(ClientResponse r) {
    try {
      String m = r.read(FlakyWire.Said.class).message();
      return m == null || m.isEmpty() ? r.text() : m;
    } catch (RuntimeException e) {
      return r.text();
    }
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
