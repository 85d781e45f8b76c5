package workshop.node;

/**
 * The node's simulated work: the naive recursive Fibonacci, which costs about 1.6^n calls, so each
 * step of {@code --load-factor} makes a request about 60 % more expensive. It is deliberately
 * wasteful; the point is to keep a CPU busy for a predictable while.
 *
 * <p>On the workshop's reference machine a JIT-compiled fib(30) takes about 4 ms, fib(32) about 10
 * ms and fib(35) about 40 ms: roughly thirty times faster than the Python original, whose fib(35)
 * took 1.2 s. Use a higher factor (38-40) to see the original's multi-second latencies.
 */
public final class Fibonacci {
  /** Above this a single request would take minutes. */
  public static final int MAX_N = 45;

  private Fibonacci() {}

  /** fib(0) = 0, fib(1) = 1, fib(n) = fib(n-1) + fib(n-2), computed the slow way on purpose. */
  public static long fib(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("fib is defined for n >= 0, got " + n);
    }
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }
}
