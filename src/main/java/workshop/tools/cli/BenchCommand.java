package workshop.tools.cli;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import workshop.support.cli.DurationConverter;
import workshop.support.cli.UserError;
import workshop.support.load.LoadGenerator;
import workshop.support.load.LoadPlan;
import workshop.support.load.LoadReport;
import workshop.support.load.NobodyListening;
import workshop.tools.BenchReport;

/**
 * {@code ./workshop bench -n 1000 -c 10 URL [-k]}: the lab's {@code ab}, on the workshop's load
 * generator ({@link LoadGenerator}: {@code -c} requests in flight in a closed loop, all driven by
 * one selector thread as wrk drives its connections, each timed from its write to its answer's last
 * byte into an HdrHistogram), printing ab's report ({@link BenchReport}). Without {@code -k} each
 * request opens a connection of its own and asks the server to close it, as ab does; with {@code
 * -k} each of the {@code -c} keeps its own, as {@code ab -k} and wrk do.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Load-test one URL and print ApacheBench's report: complete, failed (by reason) and non-2xx"
          + " counts, time taken, requests per second, time per request, transfer rate and the"
          + " percentile table.",
      "The lab's ab -n 1000 -c 10 http://localhost:8001/ is ./workshop bench -n 1000 -c 10"
          + " http://localhost:8001/."
    },
    footer = {
      "",
      "Examples:",
      "  ./workshop bench -n 1000 -c 10 http://localhost:8001/",
      "  ./workshop bench -n 20000 -c 10 -k http://localhost:5001/health"
    })
public final class BenchCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "URL",
      description = "The URL to GET, e.g. http://localhost:8001/.")
  String url;

  @Option(
      names = {"-n", "--requests"},
      defaultValue = "1",
      description = "Requests to send in all (default ${DEFAULT-VALUE}, as ab).")
  long requests;

  @Option(
      names = {"-c", "--concurrency"},
      defaultValue = "1",
      description = "Requests in flight at once (default ${DEFAULT-VALUE}, as ab).")
  int concurrency;

  @Option(
      names = {"-k", "--keep-alive"},
      description = "Keep each connection for the next request, as ab -k and wrk do.")
  boolean keepAlive;

  @Option(
      names = {"-s", "--timeout"},
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Give up on a request after this long (default ${DEFAULT-VALUE}, as ab -s).")
  Duration timeout;

  static final long MAX_REQUESTS = 10_000_000;
  static final int MAX_CONCURRENCY = 10_000;

  @Override
  public Integer call() {
    return run(System.out);
  }

  int run(PrintStream out) {
    if (requests < 1 || requests > MAX_REQUESTS) {
      throw UserError.usage("-n must be between 1 and " + MAX_REQUESTS + ", got " + requests);
    }
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw UserError.usage("-c must be between 1 and " + MAX_CONCURRENCY + ", got " + concurrency);
    }
    if (concurrency > requests) {
      throw UserError.usage(
          "-c "
              + concurrency
              + " is more than -n "
              + requests
              + ": a worker would have nothing to send (ab refuses this too)");
    }
    if (timeout.isZero()) {
      throw UserError.usage("-s must be more than 0, e.g. 30s");
    }
    URI uri = Urls.http(url);
    String base = Urls.base(uri);
    String path = Urls.target(uri);
    LoadGenerator generator =
        new LoadGenerator(
                new LoadPlan(
                    List.of(base),
                    "GET",
                    path,
                    null,
                    concurrency,
                    requests,
                    null,
                    timeout,
                    keepAlive))
            .countBytes()
            .stopWhenNobodyListens(NobodyListening.DEFAULT_PATIENCE);
    out.println("Benchmarking " + uri.getHost() + " (be patient)");
    out.flush();
    long step = requests >= 1000 ? requests / 10 : 0;
    AtomicLong done = new AtomicLong();
    LoadReport report =
        generator.run(
            step == 0
                ? null
                : outcome -> {
                  long n = done.incrementAndGet();
                  if (n % step == 0 && n < requests) {
                    out.println("Completed " + n + " requests");
                  }
                });
    LoadReport.Row all = report.overall();
    if (generator.nobodyListened() || (all.refused() == all.requests() && all.requests() > 0)) {
      throw new UserError(
          "nothing is listening on "
              + uri.getHost()
              + ":"
              + URI.create(base).getPort()
              + ": "
              + all.refused()
              + " connections were refused and none answered; start the server first");
    }
    out.println("Finished " + report.overall().requests() + " requests");
    out.println();
    out.println();
    for (String line : report(uri, path, report, generator).lines()) {
      out.println(line);
    }
    out.flush();
    // As ab: answers of any status are complete requests; a run with none has measured nothing.
    long failed = all.timeouts() + all.refused() + all.resets() + all.io();
    return all.requests() - failed > 0 ? 0 : 1;
  }

  private BenchReport report(URI uri, String path, LoadReport report, LoadGenerator generator) {
    LoadReport.Row all = report.overall();
    Map<String, Long> failures = new LinkedHashMap<>();
    failures.put("timeout", all.timeouts());
    failures.put("refused", all.refused());
    failures.put("reset", all.resets());
    failures.put("io", all.io());
    long failed = all.timeouts() + all.refused() + all.resets() + all.io();
    long complete = all.requests() - failed;
    LoadGenerator.Transfer bytes = generator.transfer();
    return new BenchReport(
        bytes.server(),
        uri.getHost(),
        URI.create(Urls.base(uri)).getPort(),
        path,
        bytes.documentLength(),
        bytes.variable(),
        concurrency,
        report.elapsed().toNanos() / 1e9,
        complete,
        failures,
        complete - all.ok(),
        keepAlive,
        bytes.headBytes() + bytes.bodyBytes(),
        bytes.bodyBytes(),
        generator.percentiles(BenchReport.PERCENTS));
  }
}
