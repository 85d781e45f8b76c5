package workshop.node.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.support.cli.DurationConverter;
import workshop.support.cli.UserError;
import workshop.support.load.LoadGenerator;
import workshop.support.load.LoadPlan;
import workshop.support.load.LoadReport;
import workshop.support.load.NobodyListening;
import workshop.support.term.Console;
import workshop.support.term.StatusLine;

/** {@code ./workshop client --concurrent 5 [--target URL]}: flood nodes and measure them. */
@Command(
    name = "client",
    mixinStandardHelpOptions = true,
    description = {
      "Module 01: send POST /data requests from N concurrent workers and report latency.",
      "Without --target, requests go round-robin to the nodes of --nodes (5001-5003)."
    })
public final class ClientCommand implements Callable<Integer> {
  static final String DEFAULT_NODES =
      "http://localhost:5001,http://localhost:5002,http://localhost:5003";

  @Option(
      names = "--concurrent",
      defaultValue = "1",
      description = "Requests in flight at once (default ${DEFAULT-VALUE}).")
  int concurrent;

  @Option(
      names = "--target",
      description = "Send every request to this node, e.g. http://localhost:5002.")
  String target;

  @Option(
      names = "--nodes",
      split = ",",
      description = "Nodes to spread requests over, round-robin (default: localhost 5001-5003).")
  List<String> nodes;

  @Option(
      names = "--requests",
      defaultValue = "0",
      description = "Stop after N requests (default: run until Ctrl+C or --duration).")
  long requests;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop after this long, e.g. 30s.")
  Duration duration;

  @Option(
      names = "--timeout",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Give up on a request after this long (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print one line per request.")
  boolean verbose;

  @Override
  public Integer call() throws InterruptedException {
    List<String> targets = targets();
    if (concurrent < 1 || concurrent > 10_000) {
      throw new UserError("--concurrent must be between 1 and 10000, got " + concurrent);
    }
    if (requests < 0) {
      throw new UserError("--requests must be 0 (no limit) or more, got " + requests);
    }
    if (timeout.isZero()) {
      throw new UserError("--timeout must be more than 0, e.g. 5s");
    }
    PrintStream out = System.out;
    out.println("Starting client with " + concurrent + " concurrent workers.");
    out.println(
        targets.size() == 1
            ? "Targeting: " + targets.get(0)
            : "Round-robin across " + targets.size() + " nodes: " + String.join(", ", targets));
    byte[] body = "{\"key\":\"test\",\"value\":\"123\"}".getBytes(StandardCharsets.UTF_8);
    LoadGenerator generator =
        new LoadGenerator(
                new LoadPlan(
                    targets, "POST", "/data", body, concurrent, requests, duration, timeout))
            .stopWhenNobodyListens(NobodyListening.DEFAULT_PATIENCE);
    boolean interactive = Console.interactive();
    StatusLine status = new StatusLine(out, interactive, 1000);
    Thread ticker =
        verbose
            ? null
            : Thread.ofPlatform().daemon().start(() -> tick(generator, status, interactive));
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              generator.stop();
              try {
                generator.awaitFinished(timeout.plusSeconds(2));
                main.join(2000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    LoadReport report = generator.run(verbose ? o -> out.println(line(o)) : null);
    if (ticker != null) {
      ticker.interrupt();
    }
    status.finish();
    out.println();
    if (generator.nobodyListened()) {
      out.println(nobodyListened(targets, report));
      out.flush();
      removeHook(hook);
      return 1;
    }
    out.println(report.render());
    out.flush();
    removeHook(hook);
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down (Ctrl+C): the hook is what let us print the summary.
    }
  }

  /** The last line when nothing listened: what was refused, and which nodes to start. */
  static String nobodyListened(List<String> targets, LoadReport report) {
    String start;
    if (targets.equals(List.of(DEFAULT_NODES.split(",")))) {
      start =
          "Start the nodes first: ./workshop up 01 in another terminal (or ./workshop node"
              + " --port 5001 --id 1, and 5002 / 2, 5003 / 3).";
    } else {
      int port = java.net.URI.create(targets.get(0)).getPort();
      int id = port > 5000 && port < 5100 ? port - 5000 : 1;
      start =
          "Start what should answer there first: a node is ./workshop node --port "
              + port
              + " --id "
              + id
              + ", and ./workshop modules lists what each module starts on which port.";
    }
    return String.format(
        Locale.ROOT,
        "Stopped: nothing listens at %s (all %,d requests in %.1f s were refused, none"
            + " answered). %s",
        String.join(", ", targets),
        report.overall().refused(),
        report.elapsed().toMillis() / 1000.0,
        start);
  }

  private List<String> targets() {
    List<String> raw = new ArrayList<>();
    if (target != null) {
      raw.add(target);
    } else if (nodes != null && !nodes.isEmpty()) {
      raw.addAll(nodes);
    } else {
      raw.addAll(List.of(DEFAULT_NODES.split(",")));
    }
    List<String> clean = new ArrayList<>();
    for (String t : raw) {
      clean.add(normalize(t.trim()));
    }
    return clean;
  }

  /**
   * Accepts {@code http://host:port}, {@code host:port} or a bare port, without a trailing slash.
   */
  static String normalize(String t) {
    String url = t;
    if (url.matches("\\d+")) {
      url = "http://localhost:" + url;
    } else if (!url.contains("://")) {
      url = "http://" + url;
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    java.net.URI uri;
    try {
      uri = java.net.URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new UserError("'" + t + "' is not a node URL; write it like http://localhost:5001");
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() > 65_535) {
      throw new UserError("'" + t + "' is not a node URL; write it like http://localhost:5001");
    }
    return url;
  }

  static String line(LoadGenerator.Outcome o) {
    if (o.failure() != null) {
      return String.format(
          Locale.ROOT,
          "❌ [%s] %s after %.1fms: %s",
          o.target(),
          o.failure().kind().label(),
          o.latencyMillis(),
          o.failure().getMessage());
    }
    String icon = o.status() >= 200 && o.status() < 300 ? "✅" : "⚠️";
    return String.format(
        Locale.ROOT,
        "%s [%s] %d | Latency: %.1fms | Active: %s",
        icon,
        o.target(),
        o.status(),
        o.latencyMillis(),
        o.activeRequests() == null ? "?" : o.activeRequests());
  }

  private static void tick(LoadGenerator generator, StatusLine status, boolean interactive) {
    long every = interactive ? 250 : 1000;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      LoadGenerator.Progress p = generator.progress();
      status.update(
          String.format(
              Locale.ROOT,
              "%5.1fs  sent %,d  ok %,d  errors %,d  %,.0f req/s  p50 %.1fms  p99 %.1fms",
              p.elapsedSeconds(),
              p.sent(),
              p.ok(),
              p.errors(),
              p.requestsPerSecond(),
              p.p50(),
              p.p99()),
          System.nanoTime() / 1_000_000);
    }
  }
}
