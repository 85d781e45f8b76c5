package workshop.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static Map<Integer, Double> percentiles() {
    Map<Integer, Double> p = new LinkedHashMap<>();
    double ms = 1.0;
    for (int percent : BenchReport.PERCENTS) {
      p.put(percent, ms);
      ms += 0.5;
    }
    return p;
  }

  private static Map<String, Long> failures(long timeouts, long refused) {
    Map<String, Long> f = new LinkedHashMap<>();
    f.put("timeout", timeouts);
    f.put("refused", refused);
    f.put("reset", 0L);
    f.put("io", 0L);
    return f;
  }

  @Test
  void derivesRatesAndTimesWithAbsArithmetic() {
    BenchReport r =
        new BenchReport(
            "Helidon",
            "localhost",
            8001,
            "/",
            120,
            false,
            10,
            0.5,
            1000,
            failures(0, 0),
            0,
            false,
            150_000,
            120_000,
            percentiles());
    // 1000 requests in 0.5 s: 2000/s; a client of 10 waits 10 x 0.5 s / 1000 = 5 ms per request;
    // the server spends 0.5 ms per request; 150,000 bytes / 1024 / 0.5 s = 292.97 KB/s.
    assertThat(r.lines())
        .contains(
            "Server Software:        Helidon",
            "Document Length:        120 bytes",
            "Time taken for tests:   0.500 seconds",
            "Complete requests:      1000",
            "Failed requests:        0",
            "Requests per second:    2000.00 [#/sec] (mean)",
            "Time per request:       5.000 [ms] (mean)",
            "Time per request:       0.500 [ms] (mean, across all concurrent requests)",
            "Transfer rate:          292.97 [Kbytes/sec] received",
            "  50%     1.00",
            " 100%     5.00 (longest request)");
    assertThat(r.lines()).noneMatch(l -> l.startsWith("   (")).noneMatch(l -> l.startsWith("Keep"));
  }

  @Test
  void namesTheReasonsOfFailedRequestsAndCountsNon2xxApart() {
    BenchReport r =
        new BenchReport(
            null,
            "localhost",
            5001,
            "/health",
            50,
            true,
            4,
            2.0,
            90,
            failures(7, 3),
            12,
            true,
            9_000,
            4_500,
            percentiles());
    assertThat(r.lines())
        .containsSequence(
            "Failed requests:        10",
            "   (timeout: 7, refused: 3, reset: 0, io: 0)",
            "Non-2xx responses:      12",
            "Keep-Alive requests:    90")
        .contains("Server Software:        ", "Document Length:        Variable");
  }

  @Test
  void aRunWithNoAnswerSaysSoInsteadOfDividingByZero() {
    Map<Integer, Double> none = new LinkedHashMap<>();
    BenchReport r =
        new BenchReport(
            null, "localhost", 9, "/", -1, false, 1, 0.2, 0, failures(0, 5), 0, false, 0, 0, none);
    assertThat(r.lines())
        .contains("Document Length:        (no answer)")
        .endsWith("No request was answered, so there are no rates or times to show.");
  }
}
