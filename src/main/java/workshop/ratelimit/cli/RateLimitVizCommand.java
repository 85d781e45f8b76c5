package workshop.ratelimit.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.support.cli.DurationConverter;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;
import workshop.support.term.LiveView;
import workshop.support.term.RefreshLoop;

/**
 * {@code ./workshop viz rate-limit}: a good user (1 request/s) and a bad actor (20/s) write to the
 * same target, each with its own {@code X-Client-Id}, and every request is a valid {@code POST
 * /data}: the original's bad actor sent an invalid body and only ever got 422, and shared the good
 * user's bucket.
 */
@Command(
    name = "rate-limit",
    mixinStandardHelpOptions = true,
    description =
        "Module 02: a good user and a bad actor side by side against a rate-limited node.")
public final class RateLimitVizCommand implements Callable<Integer> {
  @Option(
      names = "--target",
      defaultValue = "http://localhost:5004",
      description =
          "A node or balancer started with --rate-limit (default ${DEFAULT-VALUE}, the limited"
              + " node of ./workshop up 02).")
  String target;

  @Option(
      names = "--bad-rate",
      defaultValue = "20",
      description = "Requests per second of the bad actor (default ${DEFAULT-VALUE}).")
  int badRate;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop after this long (default: until Ctrl+C).")
  Duration duration;

  @Option(
      names = "--every",
      defaultValue = "500ms",
      converter = DurationConverter.class,
      description = "Time between refreshes (default ${DEFAULT-VALUE}).")
  Duration every;

  @Override
  public Integer call() throws Exception {
    if (badRate < 2 || badRate > 1000) {
      throw new IllegalArgumentException("--bad-rate must be between 2 and 1000, got " + badRate);
    }
    String base = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    long start = System.nanoTime();
    long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
    try (WebClient http = WebClient.builder().timeout(Duration.ofSeconds(2)).build()) {
      Tally good = new Tally("good user", 1);
      Tally bad = new Tally("bad actor", badRate);
      Thread g = Thread.ofPlatform().daemon().start(() -> good.run(http, base, end));
      Thread b = Thread.ofPlatform().daemon().start(() -> bad.run(http, base, end));
      try (LiveView view = LiveView.open()) {
        RefreshLoop.run(
            view,
            every,
            () ->
                RateLimitView.render(
                    new RateLimitView.Snapshot(
                        base, (System.nanoTime() - start) / 1e9, good.user(), bad.user()),
                    view.size()),
            () -> System.nanoTime() >= end);
      }
      g.interrupt();
      b.interrupt();
    }
    return 0;
  }

  /** One user: sends valid writes at a fixed rate and counts the answers. */
  static final class Tally {
    private final String name;
    private final int perSecond;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong limited = new AtomicLong();
    private final AtomicLong other = new AtomicLong();
    private final AtomicReference<String> last = new AtomicReference<>("-");

    Tally(String name, int perSecond) {
      this.name = name;
      this.perSecond = perSecond;
    }

    RateLimitView.User user() {
      return new RateLimitView.User(
          name, perSecond, ok.get(), limited.get(), other.get(), last.get());
    }

    void run(WebClient http, String base, long end) {
      String id = name.replace(' ', '-');
      byte[] body =
          ("{\"key\":\"" + id + "\",\"value\":\"hello\"}").getBytes(StandardCharsets.UTF_8);
      long periodNanos = 1_000_000_000L / perSecond;
      long next = System.nanoTime();
      while (!Thread.currentThread().isInterrupted() && System.nanoTime() < end) {
        try {
          ClientResponse r =
              http.send(
                  "POST",
                  base + "/data",
                  Map.of("Content-Type", "application/json", "X-Client-Id", id),
                  body,
                  Duration.ofSeconds(2));
          if (r.status() == 200) {
            ok.incrementAndGet();
            last.set("200 OK");
          } else if (r.status() == 429) {
            limited.incrementAndGet();
            last.set("429 Too Many Requests (Retry-After " + r.header("Retry-After") + " s)");
          } else {
            other.incrementAndGet();
            last.set(r.status() + " " + r.text());
          }
        } catch (CallFailure e) {
          other.incrementAndGet();
          last.set(e.kind().label() + ": " + e.getMessage());
        }
        next += periodNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          } catch (InterruptedException e) {
            return;
          }
        } else {
          next = System.nanoTime();
        }
      }
    }
  }
}
