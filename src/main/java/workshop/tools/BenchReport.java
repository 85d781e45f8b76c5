package workshop.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ApacheBench's report ({@code ab -n 1000 -c 10 URL}), line for line where the numbers mean the
 * same, from what a load run measured. The derived numbers follow ab's own arithmetic:
 *
 * <ul>
 *   <li>requests per second = complete requests / time taken;
 *   <li>time per request (mean) = concurrency × time taken / complete requests: how long one client
 *       waits per request;
 *   <li>time per request (mean, across all concurrent requests) = time taken / complete requests:
 *       the server's time per request, the inverse of its throughput;
 *   <li>transfer rate = bytes received / 1024 / time taken.
 * </ul>
 *
 * Two departures, both because the loopback makes ab's whole milliseconds useless: the percentile
 * table shows milliseconds with decimals, and a failed request is named by what happened to it
 * (timeout, refused, reset, io) instead of ab's (Connect, Receive, Length, Exceptions). A complete
 * request is one that got an HTTP answer, whatever its status; non-2xx answers are counted apart.
 *
 * <p>Pure.
 *
 * @param server the first answer's {@code Server} header, or null
 * @param documentLength the first answer's body length; -1 when none answered
 * @param variableLength whether later answers had other lengths (ab prints "Variable")
 * @param failures failed requests by reason, in the order to print them
 * @param totalBytes heads and bodies received
 * @param bodyBytes bodies received (ab's "HTML transferred")
 * @param percentiles milliseconds at 50, 66, 75, 80, 90, 95, 98, 99 and 100 %
 */
public record BenchReport(
    String server,
    String host,
    int port,
    String path,
    long documentLength,
    boolean variableLength,
    int concurrency,
    double seconds,
    long complete,
    Map<String, Long> failures,
    long non2xx,
    boolean keepAlive,
    long totalBytes,
    long bodyBytes,
    Map<Integer, Double> percentiles) {
  /** The rows of ab's percentile table. */
  public static final List<Integer> PERCENTS = List.of(50, 66, 75, 80, 90, 95, 98, 99, 100);

  public BenchReport {
    failures = new LinkedHashMap<>(failures);
    percentiles = new LinkedHashMap<>(percentiles);
  }

  public long failed() {
    return failures.values().stream().mapToLong(Long::longValue).sum();
  }

  public double requestsPerSecond() {
    return complete / seconds;
  }

  /** The report's lines. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(row("Server Software:", server == null ? "" : server));
    out.add(row("Server Hostname:", host));
    out.add(row("Server Port:", String.valueOf(port)));
    out.add("");
    out.add(row("Document Path:", path));
    out.add(
        row(
            "Document Length:",
            documentLength < 0
                ? "(no answer)"
                : variableLength ? "Variable" : documentLength + " bytes"));
    out.add("");
    out.add(row("Concurrency Level:", String.valueOf(concurrency)));
    out.add(row("Time taken for tests:", fmt("%.3f seconds", seconds)));
    out.add(row("Complete requests:", String.valueOf(complete)));
    out.add(row("Failed requests:", String.valueOf(failed())));
    if (failed() > 0) {
      List<String> reasons = new ArrayList<>();
      failures.forEach((why, n) -> reasons.add(why + ": " + n));
      out.add("   (" + String.join(", ", reasons) + ")");
    }
    out.add(row("Non-2xx responses:", String.valueOf(non2xx)));
    if (keepAlive) {
      out.add(row("Keep-Alive requests:", String.valueOf(complete)));
    }
    out.add(row("Total transferred:", totalBytes + " bytes"));
    out.add(row("HTML transferred:", bodyBytes + " bytes"));
    if (complete == 0) {
      out.add("");
      out.add("No request was answered, so there are no rates or times to show.");
      return out;
    }
    out.add(row("Requests per second:", fmt("%.2f [#/sec] (mean)", requestsPerSecond())));
    out.add(
        row("Time per request:", fmt("%.3f [ms] (mean)", concurrency * seconds * 1000 / complete)));
    out.add(
        row(
            "Time per request:",
            fmt("%.3f [ms] (mean, across all concurrent requests)", seconds * 1000 / complete)));
    out.add(
        row("Transfer rate:", fmt("%.2f [Kbytes/sec] received", totalBytes / 1024.0 / seconds)));
    out.add("");
    out.add("Percentage of the requests served within a certain time (ms)");
    for (int p : PERCENTS) {
      Double ms = percentiles.get(p);
      out.add(
          fmt("%4d%% %8.2f", p, ms == null ? 0.0 : ms) + (p == 100 ? " (longest request)" : ""));
    }
    return out;
  }

  private static String row(String label, String value) {
    return String.format(Locale.ROOT, "%-24s%s", label, value);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
