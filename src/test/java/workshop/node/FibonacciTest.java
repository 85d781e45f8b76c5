package workshop.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FibonacciTest {
  @Test
  void followsTheDefinition() {
    // 0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55
    assertThat(Fibonacci.fib(0)).isZero();
    assertThat(Fibonacci.fib(1)).isEqualTo(1);
    assertThat(Fibonacci.fib(10)).isEqualTo(55);
    assertThat(Fibonacci.fib(25)).isEqualTo(75_025);
  }

  @Test
  void refusesNegativeInput() {
    assertThatThrownBy(() -> Fibonacci.fib(-1)).hasMessageContaining("n >= 0");
    assertThatThrownBy(() -> Fibonacci.calls(-1)).hasMessageContaining("n >= 0");
  }

  @Test
  void countsTheCallsTheRecursionReallyMakes() {
    for (int n = 0; n <= 25; n++) {
      assertThat(Fibonacci.calls(n)).as("fib(%d)", n).isEqualTo(countedCalls(n));
    }
    // The largest load factor stays far from overflow: 2 fib(46) - 1.
    assertThat(Fibonacci.calls(Fibonacci.MAX_N)).isEqualTo(3_672_623_805L);
  }

  /** The naive recursion again, counting itself: the reference the closed form is checked with. */
  private static long countedCalls(int n) {
    return n < 2 ? 1 : 1 + countedCalls(n - 1) + countedCalls(n - 2);
  }
}
