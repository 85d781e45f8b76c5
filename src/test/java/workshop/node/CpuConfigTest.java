package workshop.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuConfigTest {
  private static Duration simulated(int n) {
    return new CpuConfig(2, 1, 0, CpuConfig.FIB_CALLS_PER_SECOND).timeFor(Fibonacci.calls(n));
  }

  @Test
  void aSimulatedCoreRunsFibAtAThirdOfTheOriginalsCPythonTimes() {
    // The original measured fib(30) 108 ms, fib(32) 307 ms and fib(35) 1,182 ms.
    assertThat(simulated(30).toMillis()).isEqualTo(35); // 2,692,537 calls / 75 M/s = 35.9 ms
    assertThat(simulated(32).toMillis()).isEqualTo(93); // 7,049,155 calls = 93.99 ms
    assertThat(simulated(35)).isEqualTo(Duration.ofNanos(398_142_706)); // 29,860,703 calls
    assertThat(simulated(40).toMillis()).isEqualTo(4_415); // just under the client's 5 s timeout
  }

  @Test
  void timeForIsExactToTheNanosecond() {
    CpuConfig c = new CpuConfig(1, 1, 0, 3);
    assertThat(c.timeFor(0)).isZero();
    assertThat(c.timeFor(1)).isEqualTo(Duration.ofNanos(333_333_333));
    assertThat(c.timeFor(7)).isEqualTo(Duration.ofSeconds(2, 333_333_333));
    CpuConfig fastest = new CpuConfig(1, 1, 0, CpuConfig.MAX_UNITS_PER_SECOND);
    assertThat(fastest.timeFor(Long.MAX_VALUE)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
  }

  @Test
  void refusesAMachineThatCannotWork() {
    assertThatThrownBy(() -> new CpuConfig(0, 1, 0, 1)).hasMessageContaining("got 0 cores");
    assertThatThrownBy(() -> new CpuConfig(1, 0, 0, 1)).hasMessageContaining("0 workers");
    assertThatThrownBy(() -> new CpuConfig(1, 1, -1, 1)).hasMessageContaining("queue -1");
    assertThatThrownBy(() -> new CpuConfig(1, 1, 0, 0)).hasMessageContaining("0 units/s");
    assertThatThrownBy(() -> new CpuConfig(1, 1, 0, CpuConfig.MAX_UNITS_PER_SECOND + 1))
        .hasMessageContaining("1,000,000,000");
    assertThatThrownBy(() -> new CpuConfig(1, 1, 0, 1).timeFor(-1))
        .hasMessage("work must be 0 units or more, got -1");
  }
}
