package workshop.node;

/**
 * The node's work: the naive recursive Fibonacci, which makes about 1.6^n calls, so each step of
 * {@code --load-factor} makes a request about 60 % more expensive. It is deliberately wasteful; the
 * point is a predictable amount of work.
 *
 * <p>A node runs it in one of two ways. On its simulated CPU (the default) nothing is computed: the
 * request holds a simulated core for {@link #calls(int) calls(n)} work units, at {@link
 * CpuConfig#FIB_CALLS_PER_SECOND} (fib(35) = 398 ms). With {@code --cpu real} the node computes
 * {@link #fib(int)} on this machine's cores: JIT-compiled Java takes about 35 ms for fib(35) on the
 * workshop's reference machine, roughly thirty times faster than the Python original's 1.2 s.
 */
public final class Fibonacci {
  /** Above this a single request would take minutes. */
  public static final int MAX_N = 45;

  private Fibonacci() {}

  /** fib(0) = 0, fib(1) = 1, fib(n) = fib(n-1) + fib(n-2), computed the slow way on purpose. */
  public static long fib(int n) {
    check(n);
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }

  /**
   * How many calls {@link #fib(int) fib(n)} makes, counting the first: 1 for n < 2, otherwise one
   * plus the calls of fib(n-1) and fib(n-2). That sum is 2 fib(n+1) - 1, computed here in n steps.
   */
  public static long calls(int n) {
    check(n);
    long previous = 0;
    long current = 1;
    for (int i = 0; i < n; i++) {
      long next = previous + current;
      previous = current;
      current = next;
    }
    return 2 * current - 1;
  }

  private static void check(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("fib is defined for n >= 0, got " + n);
    }
  }
}
