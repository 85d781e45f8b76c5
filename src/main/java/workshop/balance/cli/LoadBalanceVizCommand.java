package workshop.balance.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.balance.http.LbConfig;
import workshop.balance.http.LbWire;
import workshop.balance.http.LoadBalancerServer;
import workshop.support.cli.DurationConverter;
import workshop.support.http.CallFailure;
import workshop.support.http.WebClient;
import workshop.support.json.Json;
import workshop.support.load.LoadGenerator;
import workshop.support.load.LoadPlan;
import workshop.support.term.Console;
import workshop.support.term.Frame;
import workshop.support.term.LiveView;
import workshop.support.term.RefreshLoop;
import workshop.support.term.Size;

/**
 * {@code ./workshop viz load-balance}: how the balancer actually spreads traffic, read from its
 * {@code /lb/stats}. With no balancer at {@code --target} it starts one in-process in front of the
 * nodes and sends traffic through it itself, as the original did, and says so.
 */
@Command(
    name = "load-balance",
    mixinStandardHelpOptions = true,
    description = "Module 02: live bar chart of the traffic each backend of the balancer gets.")
public final class LoadBalanceVizCommand implements Callable<Integer> {
  @Option(
      names = "--target",
      defaultValue = "http://localhost:8080",
      description = "The balancer to watch (default ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--concurrent",
      defaultValue = "-1",
      description =
          "Clients sending GET / through the balancer (default: none when a balancer runs, 5 when"
              + " this view starts its own).")
  int concurrent;

  @Option(
      names = "--backends",
      defaultValue = "http://localhost:5001,http://localhost:5002,http://localhost:5003",
      split = ",",
      description = "Nodes for the balancer this view starts when none runs.")
  List<String> backends;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop after this long (default: until Ctrl+C).")
  Duration duration;

  @Option(
      names = "--every",
      defaultValue = "500ms",
      converter = DurationConverter.class,
      description = "Refresh period (default ${DEFAULT-VALUE}).")
  Duration every;

  @Override
  public Integer call() throws Exception {
    String base = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    String note;
    LoadBalancerServer own = null;
    try (WebClient http = WebClient.builder().timeout(Duration.ofSeconds(2)).build()) {
      if (!answers(http, base)) {
        own =
            LoadBalancerServer.start(
                new LbConfig(
                    "127.0.0.1",
                    0,
                    backends,
                    List.of(),
                    "round-robin",
                    42,
                    LbConfig.DEFAULT_TIMEOUT,
                    LbConfig.DEFAULT_CHECK_EVERY,
                    null),
                Console.currentErr());
        base = own.url();
        if (concurrent < 0) {
          concurrent = 5;
        }
        note =
            "No balancer answers at "
                + target
                + ": this view started one in-process ("
                + base
                + ", round-robin) and sends its own traffic. Start ./workshop lb to watch a real one.";
      } else {
        note =
            concurrent > 0
                ? "Watching "
                    + base
                    + " and sending "
                    + concurrent
                    + " clients of GET / through it."
                : "Watching " + base + "; send traffic with ./workshop client --target " + base;
      }
      LoadGenerator traffic = concurrent > 0 ? traffic(base, concurrent) : null;
      Thread driver =
          traffic == null ? null : Thread.ofPlatform().daemon().start(() -> traffic.run(null));
      System.out.println(note);
      System.out.flush();
      try (LiveView view = LiveView.open()) {
        Poller poller = new Poller(http, base, note);
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        RefreshLoop.run(
            view, every, () -> poller.frame(view.size()), () -> System.nanoTime() >= end);
      } finally {
        if (traffic != null) {
          traffic.stop();
          driver.join(2000);
        }
      }
    } finally {
      if (own != null) {
        own.close();
      }
    }
    return 0;
  }

  private static boolean answers(WebClient http, String base) {
    try {
      return http.get(base + "/lb/stats").status() == 200;
    } catch (CallFailure | IllegalArgumentException e) {
      return false;
    }
  }

  private static LoadGenerator traffic(String base, int concurrent) {
    return new LoadGenerator(
        new LoadPlan(List.of(base), "GET", "/", null, concurrent, 0, null, Duration.ofSeconds(5)));
  }

  /** Reads {@code /lb/stats} and turns counters into the view's snapshot (deltas since start). */
  static final class Poller {
    private final WebClient http;
    private final String base;
    private final String note;
    private final Map<String, Long> first = new HashMap<>();
    private final Map<String, Long> previous = new HashMap<>();
    private long previousNanos = System.nanoTime();

    Poller(WebClient http, String base, String note) {
      this.http = http;
      this.base = base;
      this.note = note;
    }

    Frame frame(Size size) {
      LbWire.Stats stats;
      try {
        stats = http.get(base + "/lb/stats").read(LbWire.Stats.class);
      } catch (CallFailure e) {
        return LoadBalanceView.render(
            new LoadBalanceView.Snapshot(
                base, "?", List.of(), "balancer unreachable: " + e.getMessage()),
            size);
      } catch (Json.JsonParseFailure e) {
        return LoadBalanceView.render(
            new LoadBalanceView.Snapshot(
                base, "?", List.of(), "not a balancer's /lb/stats: " + e.getMessage()),
            size);
      }
      long now = System.nanoTime();
      double seconds = Math.max(1e-3, (now - previousNanos) / 1e9);
      previousNanos = now;
      List<LoadBalanceView.Row> rows = new ArrayList<>();
      for (LbWire.Backend b : stats.backends()) {
        String url = b.url();
        long n = b.requests();
        long since = n - first.computeIfAbsent(url, k -> n);
        long prev = previous.getOrDefault(url, n);
        previous.put(url, n);
        rows.add(
            new LoadBalanceView.Row(
                url,
                b.healthy(),
                since,
                (n - prev) / seconds,
                b.p50_ms(),
                b.p99_ms(),
                b.in_flight()));
      }
      return LoadBalanceView.render(
          new LoadBalanceView.Snapshot(base, stats.strategy(), rows, note), size);
    }
  }
}
