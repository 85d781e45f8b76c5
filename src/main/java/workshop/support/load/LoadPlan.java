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
 */
public record LoadPlan(
    List<String> targets,
    String method,
    String path,
    byte[] body,
    int concurrency,
    long maxRequests,
    Duration duration,
    Duration timeout) {
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
