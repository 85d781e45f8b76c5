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
  }
}
