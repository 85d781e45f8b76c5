package workshop.support.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import workshop.support.http.Response;
import workshop.support.http.Routes;
import workshop.support.http.WebServer;

class LoadGeneratorTest {
  @Test
  void sendsExactlyTheRequestedNumberRoundRobin() {
    AtomicInteger a = new AtomicInteger();
    AtomicInteger b = new AtomicInteger();
    try (WebServer s1 = counting(a, 200);
        WebServer s2 = counting(b, 500)) {
      LoadPlan plan =
          new LoadPlan(
              List.of(s1.url(), s2.url()),
              "POST",
              "/data",
              "{}".getBytes(StandardCharsets.UTF_8),
              4,
              100,
              null,
              Duration.ofSeconds(5));
      LoadReport report = new LoadGenerator(plan).run(null);
      assertThat(report.overall().requests()).isEqualTo(100);
      assertThat(a.get()).isEqualTo(50);
      assertThat(b.get()).isEqualTo(50);
      assertThat(report.targets().get(0).ok()).isEqualTo(50);
      assertThat(report.targets().get(1).server5xx()).isEqualTo(50);
      assertThat(report.overall().errors()).isEqualTo(50);
      assertThat(report.render()).contains("Summary: 100 requests").contains("all");
    }
  }

  @Test
  void countsRefusedConnectionsAsRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LoadPlan plan =
        new LoadPlan(
            List.of("http://127.0.0.1:" + port),
            "GET",
            "/",
            null,
            2,
            10,
            null,
            Duration.ofSeconds(1));
    LoadReport report = new LoadGenerator(plan).run(null);
    assertThat(report.overall().refused()).isEqualTo(10);
    assertThat(report.overall().ok()).isZero();
  }

  @Test
  void stopsWhenNobodyListensInsteadOfSpinning() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LoadPlan unbounded =
        new LoadPlan(
            List.of("http://127.0.0.1:" + port),
            "GET",
            "/",
            null,
            4,
            0,
            null,
            Duration.ofSeconds(1));
    LoadGenerator generator =
        new LoadGenerator(unbounded).stopWhenNobodyListens(Duration.ofMillis(300));
    long t0 = System.nanoTime();
    LoadReport report = generator.run(null);
    assertThat(generator.nobodyListened()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    // 4 workers pausing 20 ms after each refusal for about 0.3 s: tens, not tens of thousands.
    assertThat(report.overall().refused()).isBetween(1L, 1_000L);
  }

  @Test
  void refusesAnImpossiblePlan() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new LoadPlan(List.of(), "GET", "/", null, 1, 0, null, Duration.ofSeconds(1)))
        .hasMessageContaining("at least one target");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new LoadPlan(
                    List.of("http://x"), "GET", "/", null, 0, 0, null, Duration.ofSeconds(1)))
        .hasMessageContaining("between 1 and 10000");
  }

  private static WebServer counting(AtomicInteger counter, int status) {
    return WebServer.builder("count")
        .routes(
            new Routes()
                .post(
                    "/data",
                    r -> {
                      counter.incrementAndGet();
                      return Response.json(status, "{}");
                    }))
        .start();
  }
}
