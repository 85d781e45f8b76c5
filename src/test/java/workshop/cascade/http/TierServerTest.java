package workshop.cascade.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import workshop.cascade.CascadePlan;
import workshop.cascade.Protection;
import workshop.cascade.Tier;
import workshop.support.http.ClientResponse;
import workshop.support.http.WebClient;

/** The cascade's servers on free ports, called by a real client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TierServerTest {
  static final CascadePlan NONE = new CascadePlan(Set.of());

  private static TierServer c(CascadePlan plan, Duration delay) {
    return TierServer.start(Tier.C, plan, null, new SplittableRandom(1), delay);
  }

  @Test
  void aRequestTravelsTheWholeChainAndComesBackOk() {
    try (TierServer c = c(NONE, Duration.ofMillis(5));
        TierServer b = TierServer.start(Tier.B, NONE, c.url(), new SplittableRandom(2), null);
        TierServer a = TierServer.start(Tier.A, NONE, b.url(), new SplittableRandom(3), null);
        WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      assertThat(http.get(a.url() + "/work?deep=true").text()).contains("\"attempts\":1");
      assertThat(http.get(a.url() + "/work?deep=false").status()).isEqualTo(200);
      assertThat(c.arrivals()).isEqualTo(1); // the shallow request stopped at B
      assertThat(http.get(a.url() + "/health").text())
          .isEqualTo(
              "{\"status\":\"healthy\",\"server\":\"cascade-a\",\"pool\":\"0/8 busy, 0/8 waiting, 0"
                  + " refused\"}");
    }
  }

  @Test
  void aFullPoolRefusesAtOnceAndItsHealthFails() throws Exception {
    try (TierServer c = c(NONE, Duration.ofSeconds(2));
        WebClient http =
            WebClient.builder().timeout(Duration.ofSeconds(10)).maxConnections(32).build()) {
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < CascadePlan.WORKERS + CascadePlan.QUEUE; i++) {
        callers.add(Thread.ofVirtual().start(() -> http.get(c.url() + "/work")));
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (c.pool().waiting() < CascadePlan.QUEUE && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      assertThat(c.pool().busy()).isEqualTo(8);
      ClientResponse refused = http.get(c.url() + "/work");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.text())
          .contains("\"error\":\"pool_full\"")
          .contains("C's pool is full: 8/8 busy, 8/8 waiting, 1 refused");
      ClientResponse health = http.get(c.url() + "/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.text()).contains("\"status\":\"unhealthy\"");
      c.delay(Duration.ZERO);
      for (Thread t : callers) {
        t.join();
      }
    }
  }

  @Test
  void slowTakesAWholeNumberOfMillisecondsInRangeAndSaysWhatIsWrong() {
    try (TierServer c = c(NONE, Duration.ofMillis(5));
        WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      assertThat(http.post(c.url() + "/slow?ms=50").text())
          .isEqualTo("{\"server\":\"cascade-c\",\"delay_ms\":50}");
      for (String bad : List.of("", "abc", "-1", "60001", "1.5", "9".repeat(400))) {
        ClientResponse r = http.post(c.url() + "/slow?ms=" + bad);
        assertThat(r.status()).as(bad).isEqualTo(422);
        assertThat(r.text()).as(bad).contains("ms must be a whole number from 0 to 60000");
      }
    }
  }

  @Test
  void aBudgetHeaderThatIsNotANumberIsIgnoredAndAnExpiredOneIsNotWorkedOn() throws Exception {
    CascadePlan timeouts = new CascadePlan(Protection.parse("timeouts"));
    try (TierServer c = c(timeouts, Duration.ofMillis(5));
        WebClient http = WebClient.create(Duration.ofSeconds(5))) {
      for (String hostile : List.of("abc", "-5", "1e309", "9".repeat(400))) {
        ClientResponse r =
            http.send(
                "GET",
                c.url() + "/work",
                Map.of(TierServer.BUDGET_HEADER, hostile),
                null,
                Duration.ofSeconds(5));
        assertThat(r.status()).as(hostile).isEqualTo(200); // the plan's own 250 ms applies
      }
    }
  }
}
