package workshop.node;

/**
 * How a node was started: {@code --id}, {@code --host}, {@code --port}, {@code --load-factor},
 * {@code --workers}, {@code --cpu} and {@code --cores}. Every value is checked here so the error
 * names the allowed range.
 *
 * @param loadFactor fib(n) worked per data request; 0 means no work
 * @param workers how many requests are worked on at once; the rest wait in a queue
 * @param cpu where the work runs: the node's simulated machine or this machine's cores
 * @param cores cores of the simulated machine (with {@link CpuMode#REAL} the host's count applies)
 */
public record NodeConfig(
    int id, String host, int port, int loadFactor, int workers, CpuMode cpu, int cores) {
  /** Default 1: one request at a time, like a single-threaded process (the manual's Phase 1). */
  public static final int DEFAULT_WORKERS = 1;

  /** A cap that keeps a typo from starting thousands of threads. */
  public static final int MAX_WORKERS = 1024;

  /**
   * Default 2, the lesson's laptop: Phase 2's ten workers then halve the latency of five requests
   * and Phase 3's twenty requests quadruple it, numbers a student can predict with Little's law.
   */
  public static final int DEFAULT_CORES = 2;

  /** As many as {@link #MAX_WORKERS}: more cores than workers could never be busy. */
  public static final int MAX_CORES = 1024;

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
    if (cpu == null) {
      throw new IllegalArgumentException("--cpu must be simulated or real");
    }
    if (cores < 1 || cores > MAX_CORES) {
      throw new IllegalArgumentException(
          "--cores must be between 1 and " + MAX_CORES + ", got " + cores);
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("--host must name an address, such as 127.0.0.1");
    }
  }

  /** A node on its simulated machine of {@link #DEFAULT_CORES} cores. */
  public NodeConfig(int id, String host, int port, int loadFactor, int workers) {
    this(id, host, port, loadFactor, workers, CpuMode.SIMULATED, DEFAULT_CORES);
  }

  /** Work units per data request: the calls fib(load factor) makes, or none at load factor 0. */
  public long workUnits() {
    return loadFactor == 0 ? 0 : Fibonacci.calls(loadFactor);
  }

  /** The simulated machine this node describes, refusing new requests beyond {@code maxQueued}. */
  public CpuConfig simulatedCpu(int maxQueued) {
    return new CpuConfig(cores, workers, maxQueued, CpuConfig.FIB_CALLS_PER_SECOND);
  }
}
