package workshop.support.load;

import java.time.Duration;
import java.util.List;

/**
 * What a load run sends: {@code concurrency} workers in a closed loop (each sends its next request
 * as soon as the previous answer arrives), round-robin over {@code targets}, until {@code
 * maxRequests} have been sent or {@code duration} has passed (0 / null = until stopped).
 *
 * @param targets base URLs such as {@code http://localhost:5001}
 * @param path request path, appended to each target
 * @param body request body for POST/PUT (JSON), or null
 * @param keepAlive whether a worker keeps its connection for its next request (wrk, {@code ab -k});
 *     false opens a new connection per request and asks the server to close it, as {@code ab} does
 *     without {@code -k}
 */
public record LoadPlan(
    List<String> targets,
    String method,
    String path,
    byte[] body,
    int concurrency,
    long maxRequests,
    Duration duration,
    Duration timeout,
    boolean keepAlive) {
  /** A plan on keep-alive connections, as every workshop client makes its calls. */
  public LoadPlan(
      List<String> targets,
      String method,
      String path,
      byte[] body,
      int concurrency,
      long maxRequests,
      Duration duration,
      Duration timeout) {
    this(targets, method, path, body, concurrency, maxRequests, duration, timeout, true);
  }

  public LoadPlan {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a load run needs at least one target");
    }
    if (concurrency < 1 || concurrency > 10_000) {
      throw new IllegalArgumentException(
          "concurrency must be between 1 and 10000, got " + concurrency);
    }
    if (maxRequests < 0) {
      throw new IllegalArgumentException("requests must be 0 (no limit) or more");
    }
    targets = List.copyOf(targets);
  }
}
