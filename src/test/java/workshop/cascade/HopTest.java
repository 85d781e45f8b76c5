package workshop.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import workshop.breaker.BreakerState;
import workshop.cascade.Hop.Permit;
import workshop.ratelimit.RateLimiter;

/**
 * Each protection's effect on one server's calls, with literal instants and a seeded random source:
 * what the shell is told before an attempt, and whether and when it retries.
 */
class HopTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final SplittableRandom RANDOM = new SplittableRandom(7);

  private static Hop hop(String protect, Tier from) {
    CascadePlan plan = new CascadePlan(Protection.parse(protect));
    return plan.hop(from, "deep", plan.limiter(from));
  }

  private static Duration goTimeout(Permit p) {
    assertThat(p).isInstanceOf(Permit.Go.class);
    return ((Permit.Go) p).timeout();
  }

  private static String refusal(Permit p) {
    assertThat(p).isInstanceOf(Permit.Refused.class);
    return ((Permit.Refused) p).reason();
  }

  @Test
  void unprotectedEveryCallWaitsTheDefaultSecondAndIsRetriedAtOnceWhateverHappens() {
    Hop hop = hop("none", Tier.B);
    for (int i = 0; i < 10; i++) { // ten failures in a row: nothing stops the calls
      assertThat(goTimeout(hop.permit(T0, null))).isEqualTo(Duration.ofSeconds(1));
      hop.done(T0, false, "timeout");
    }
    assertThat(hop.retry(1, null, RANDOM)).contains(Duration.ZERO);
    assertThat(hop.retry(2, null, RANDOM)).contains(Duration.ZERO);
    assertThat(hop.retry(3, null, RANDOM)).isEmpty(); // 3 attempts: each call can triple the load
  }

  @Test
  void timeoutsShrinkAlongTheChainAndNeverOutliveTheCaller() {
    assertThat(goTimeout(hop("timeouts", Tier.A).permit(T0, Duration.ofSeconds(2))))
        .isEqualTo(Duration.ofMillis(600));
    Hop b = hop("timeouts", Tier.B);
    assertThat(goTimeout(b.permit(T0, Duration.ofMillis(600)))).isEqualTo(Duration.ofMillis(250));
    b.done(T0, false, "timeout");
    // 120 ms left of A's 600: the attempt gets 120, not 250, so B answers before A gives up.
    assertThat(goTimeout(b.permit(T0, Duration.ofMillis(120)))).isEqualTo(Duration.ofMillis(120));
    b.done(T0, false, "timeout");
    assertThat(refusal(b.permit(T0, Duration.ofMillis(5))))
        .isEqualTo("B->C (deep): deadline passed, 5 ms left");
  }

  @Test
  void timeoutsGiveUpARetryThatCouldNotEndBeforeTheDeadline() {
    Hop b = hop("timeouts,jitter", Tier.B);
    // The second retry may wait up to 100 ms: with 5 ms left it is not worth making.
    assertThat(b.retry(1, Duration.ofMillis(5), RANDOM)).isEmpty();
    assertThat(b.retry(1, Duration.ofMillis(500), RANDOM)).isPresent();
  }

  @Test
  void theBreakerFailsFastAfterThreeFailuresAndLetsOneTrialThroughASecondLater() {
    Hop b = hop("breaker", Tier.B);
    for (int i = 0; i < 3; i++) {
      goTimeout(b.permit(T0, null));
      b.done(T0, false, "timeout");
    }
    assertThat(b.breakerState()).isEqualTo(BreakerState.OPEN);
    assertThat(refusal(b.permit(T0.plusMillis(400), null)))
        .isEqualTo("B->C (deep): circuit is OPEN (Fast Fail): next trial in 600 ms");
    goTimeout(b.permit(T0.plusSeconds(1), null)); // the 1 s cool-down is over: one trial
    assertThat(refusal(b.permit(T0.plusSeconds(1), null)))
        .contains("its one trial call is in flight");
    b.done(T0.plusSeconds(1), true, "200");
    assertThat(b.breakerState()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void theBulkheadLetsFourCallsWaitOnTheDependencyAndRefusesTheFifth() {
    Hop a = hop("bulkhead", Tier.A);
    for (int i = 0; i < 4; i++) {
      goTimeout(a.permit(T0, null)); // 4 = half of A's 8 workers
    }
    assertThat(refusal(a.permit(T0, null)))
        .isEqualTo("A->B (deep): bulkhead full, 4 calls in flight");
    a.done(T0, false, "timeout");
    goTimeout(a.permit(T0, null)); // one came back: room for one more
  }

  @Test
  void aRefusalAfterTheBulkheadGivesItsSlotBack() {
    Hop a = hop("bulkhead,breaker", Tier.A);
    for (int i = 0; i < 3; i++) {
      goTimeout(a.permit(T0, null));
      a.done(T0, false, "502");
    }
    for (int i = 0; i < 10; i++) {
      assertThat(refusal(a.permit(T0, null))).contains("circuit is OPEN");
    }
    assertThat(a.bulkhead().busy()).isZero();
  }

  @Test
  void theLimitIsOneBudgetForAllOfAsCallsToBRetriesIncluded() {
    CascadePlan plan = new CascadePlan(Protection.parse("limit"));
    RateLimiter budget = plan.limiter(Tier.A);
    Hop deep = plan.hop(Tier.A, "deep", budget);
    Hop shallow = plan.hop(Tier.A, "shallow", budget);
    for (int i = 0; i < 4; i++) { // the burst of 8, shared by both kinds of work
      goTimeout(deep.permit(T0, null));
      goTimeout(shallow.permit(T0, null));
    }
    assertThat(refusal(deep.permit(T0, null))).startsWith("A->B (deep): rate limit, bucket empty");
    // 44 tokens a second: one more every 23 ms (1000 / 44 = 22.7).
    goTimeout(shallow.permit(T0.plusMillis(23), null));
    assertThat(plan.limiter(Tier.B)).isNull(); // only A has one
  }

  @Test
  void jitterSpreadsTheRetriesOverTheBackoff() {
    Hop b = hop("jitter", Tier.B);
    Duration first = b.retry(1, null, new SplittableRandom(1)).orElseThrow();
    Duration second = b.retry(2, null, new SplittableRandom(1)).orElseThrow();
    assertThat(first).isLessThan(Duration.ofMillis(50));
    assertThat(second).isLessThan(Duration.ofMillis(100));
    assertThat(b.retry(3, null, RANDOM)).isEmpty();
  }
}
