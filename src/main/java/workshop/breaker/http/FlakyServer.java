package workshop.breaker.http;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import workshop.support.http.FaultPolicy;
import workshop.support.http.HttpError;
import workshop.support.http.Observable;
import workshop.support.http.Request;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;
import workshop.support.json.Json;

/**
 * Module 09's dependency that goes bad on demand. {@code GET /} answers 200 {@code {"status":
 * "ok","message":"I am healthy!"}} or 500 {@code {"detail":"Internal Server Error"}}, as the
 * original did. Modes: {@code POST /fail} (every call 500 at once), {@code POST /recover}
 * (healthy), {@code POST /slow?ms=3000} (every call answers 200 only after the delay, longer than a
 * client's timeout: the timeout storm) and {@code POST /flaky?rate=0.5} (each call fails with that
 * probability, drawn from an injected, seedable random source).
 */
public final class FlakyServer implements Observable, AutoCloseable {
  /** Longest slow-mode delay accepted: a minute already outlasts every client in the workshop. */
  public static final int MAX_SLOW_MS = 60_000;

  /** What {@code GET /} does now. */
  public sealed interface Mode {
    record Healthy() implements Mode {}

    record Failing() implements Mode {}

    record Slow(int delayMillis) implements Mode {}

    record Flaky(double failureRate) implements Mode {}
  }

  private final AtomicReference<Mode> mode = new AtomicReference<>(new Mode.Healthy());
  private final RandomGenerator random;
  private final PrintStream log;
  private final LongAdder calls = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final WebServer server;

  private FlakyServer(
      String host, int port, RandomGenerator random, FaultPolicy faults, PrintStream log) {
    this.random = random;
    this.log = log;
    Routes routes =
        new Routes()
            .get("/", this::root)
            .destructive("POST", "/fail", this::fail)
            .destructive("POST", "/recover", this::recover)
            .destructive("POST", "/slow", this::slow)
            .destructive("POST", "/flaky", this::flaky);
    this.server =
        WebServer.builder("flaky-server")
            .host(host)
            .port(port)
            .routes(routes)
            .observe(this)
            .faults(faults)
            .start();
  }

  /**
   * Binds and starts serving.
   *
   * @param random drawn from in flaky mode only; synchronized on, so a seeded one stays usable
   */
  public static FlakyServer start(String host, int port, RandomGenerator random, PrintStream log) {
    return new FlakyServer(host, port, random, FaultPolicy.NONE, log);
  }

  /** As above, with a fault layer on its server ({@code ./workshop net}). */
  public static FlakyServer start(
      String host, int port, RandomGenerator random, FaultPolicy faults, PrintStream log) {
    return new FlakyServer(host, port, random, faults, log);
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  public Mode mode() {
    return mode.get();
  }

  @Override
  public void close() {
    server.close();
  }

  private Response root(Request request) throws InterruptedException {
    calls.increment();
    boolean fails =
        switch (mode.get()) {
          case Mode.Healthy h -> false;
          case Mode.Failing f -> true;
          case Mode.Slow s -> {
            Thread.sleep(s.delayMillis());
            yield false;
          }
          case Mode.Flaky f -> draw() < f.failureRate();
        };
    if (fails) {
      failures.increment();
      return Response.json(500, Map.of("detail", "Internal Server Error"));
    }
    return Response.ok(Json.map("status", "ok", "message", "I am healthy!"));
  }

  private Response fail(Request request) {
    switchTo(new Mode.Failing(), "failing: every call answers 500 at once");
    return Response.ok(Json.map("status", "failing"));
  }

  private Response recover(Request request) {
    switchTo(new Mode.Healthy(), "healthy: every call answers 200");
    return Response.ok(Json.map("status", "recovered"));
  }

  private Response slow(Request request) {
    int ms = intParam(request, "ms", 3_000, 1, MAX_SLOW_MS);
    switchTo(new Mode.Slow(ms), "slow: every call answers 200 after " + ms + " ms");
    return Response.ok(Json.map("status", "slow", "delay_ms", ms));
  }

  private Response flaky(Request request) {
    String raw = request.query().getOrDefault("rate", "0.5");
    double rate;
    try {
      rate = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw HttpError.unprocessable("rate must be a number between 0 and 1, got '" + raw + "'");
    }
    if (!(rate >= 0 && rate <= 1)) {
      throw HttpError.unprocessable("rate must be a number between 0 and 1, got '" + raw + "'");
    }
    switchTo(
        new Mode.Flaky(rate),
        String.format(Locale.ROOT, "flaky: each call fails with probability %.2f", rate));
    return Response.ok(Json.map("status", "flaky", "failure_rate", rate));
  }

  private void switchTo(Mode next, String description) {
    mode.set(next);
    log.println("[flaky-server] now " + description);
    log.flush();
  }

  private double draw() {
    synchronized (random) {
      return random.nextDouble();
    }
  }

  static int intParam(Request request, String name, int fallback, int min, int max) {
    String raw = request.query().get(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value < min || value > max) {
        throw HttpError.unprocessable(
            name + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw HttpError.unprocessable(
          name + " must be a whole number between " + min + " and " + max + ", got '" + raw + "'");
    }
  }

  @Override
  public Object health() {
    return Json.map("status", "ok", "mode", modeName());
  }

  @Override
  public Map<String, Object> info() {
    return Json.map("role", "flaky-server", "mode", modeName());
  }

  @Override
  public Object stats() {
    return new FlakyWire.Stats(modeName(), calls.sum(), failures.sum());
  }

  private String modeName() {
    return switch (mode.get()) {
      case Mode.Healthy h -> "healthy";
      case Mode.Failing f -> "failing";
      case Mode.Slow s -> "slow " + s.delayMillis() + " ms";
      case Mode.Flaky f -> String.format(Locale.ROOT, "flaky %.2f", f.failureRate());
    };
  }
}
