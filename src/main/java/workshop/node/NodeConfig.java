package workshop.node;

/**
 * How a node was started: {@code --id}, {@code --host}, {@code --port}, {@code --load-factor} and
 * {@code --workers}. Every value is checked here so the error names the allowed range.
 *
 * @param loadFactor fib(n) computed per data request; 0 means no simulated work
 * @param workers how many requests are worked on at once; the rest wait in a queue
 */
public record NodeConfig(int id, String host, int port, int loadFactor, int workers) {
  /** Default 1: one request at a time, like a single-threaded process (the manual's Phase 1). */
  public static final int DEFAULT_WORKERS = 1;

  /** A cap that keeps a typo from starting thousands of threads. */
  public static final int MAX_WORKERS = 1024;

  public NodeConfig {
    if (id < 0) {
      throw new IllegalArgumentException("--id must be 0 or more, got " + id);
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be between 1 and 65535, got " + port);
    }
    if (loadFactor < 0 || loadFactor > Fibonacci.MAX_N) {
      throw new IllegalArgumentException(
          "--load-factor must be between 0 and " + Fibonacci.MAX_N + ", got " + loadFactor);
    }
    if (workers < 1 || workers > MAX_WORKERS) {
      throw new IllegalArgumentException(
          "--workers must be between 1 and " + MAX_WORKERS + ", got " + workers);
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("--host must name an address, such as 127.0.0.1");
    }
  }
}
