package workshop.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** {@code --protect} as a student types it, and every way to type it wrong. */
class ProtectionTest {
  @Test
  void noneIsTheEmptySetAndAllIsEveryProtection() {
    assertThat(Protection.parse("none")).isEmpty();
    assertThat(Protection.parse("all")).isEqualTo(EnumSet.allOf(Protection.class));
  }

  @Test
  void aListMayComeInAnyOrderCaseAndSpacing() {
    assertThat(Protection.parse(" Breaker, timeouts ,JITTER"))
        .containsExactlyInAnyOrder(Protection.BREAKER, Protection.TIMEOUTS, Protection.JITTER);
    assertThat(Protection.parse("limit,limit")).containsExactly(Protection.LIMIT);
  }

  @Test
  void describeUsesTheFlagsInTheirUsualOrder() {
    assertThat(Protection.describe(Protection.parse("jitter,timeouts")))
        .isEqualTo("timeouts,jitter");
    assertThat(Protection.describe(Protection.parse("none"))).isEqualTo("none");
    assertThat(Protection.describe(Protection.parse("timeouts,breaker,bulkhead,limit,jitter")))
        .isEqualTo("all");
  }

  @Test
  void anUnknownNameIsRefusedWithTheAllowedOnes() {
    assertThatThrownBy(() -> Protection.parse("timeouts,retry"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--protect 'timeouts,retry': unknown protection 'retry'; write none, all, or a"
                + " comma-separated list of timeouts, breaker, bulkhead, limit, jitter");
  }

  @Test
  void anEmptyListOrAnEmptyNameIsRefused() {
    assertThatThrownBy(() -> Protection.parse(""))
        .hasMessageStartingWith("--protect is empty: write none, all, or");
    assertThatThrownBy(() -> Protection.parse("  ")).hasMessageStartingWith("--protect is empty");
    assertThatThrownBy(() -> Protection.parse("breaker,"))
        .hasMessageStartingWith("--protect 'breaker,' has an empty name in its list");
  }

  @Test
  void noneAndAllCannotBeMixedWithNames() {
    assertThatThrownBy(() -> Protection.parse("none,breaker"))
        .hasMessageStartingWith(
            "--protect 'none,breaker': unknown protection 'none' cannot be mixed with names");
  }

  @Test
  void aHostileValueIsRefusedWithoutEchoingMoreThanItWasGiven() {
    String huge = "x".repeat(10_000);
    assertThatThrownBy(() -> Protection.parse(huge)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compareRunsNoneThenEachAloneThenAll() {
    assertThat(Protection.compareRuns()).hasSize(7);
    assertThat(Protection.compareRuns().getFirst()).isEmpty();
    assertThat(Protection.compareRuns().get(1)).containsExactly(Protection.TIMEOUTS);
    assertThat(Protection.compareRuns().getLast()).isEqualTo(EnumSet.allOf(Protection.class));
  }
}
