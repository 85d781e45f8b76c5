package workshop.ratelimit.cli;

import picocli.CommandLine.Option;
import workshop.ratelimit.RateLimitConfig;

/**
 * {@code --rate-limit N [--rate-limit-strategy S] [--burst B]}, shared by the node and the
 * balancer: mix it in with {@code @Mixin RateLimitOptions rateLimit;} and read {@link #config()}.
 */
public final class RateLimitOptions {
  @Option(
      names = "--rate-limit",
      defaultValue = "0",
      description =
          "Module 02: allow at most N requests/s per client, 429 beyond (default 0: no limit).")
  int rate;

  @Option(
      names = "--rate-limit-strategy",
      defaultValue = "token-bucket",
      description =
          "How to count: token-bucket, fixed-window, sliding-window-log or sliding-window-counter"
              + " (default ${DEFAULT-VALUE}).")
  String strategy;

  @Option(
      names = "--burst",
      defaultValue = "0",
      description = "Requests a quiet client may send at once (default 0: same as --rate-limit).")
  int burst;

  /** The limit the three flags describe, or null when {@code --rate-limit} is 0. */
  public RateLimitConfig config() {
    RateLimitConfig.Strategy s = RateLimitConfig.Strategy.parse(strategy);
    if (rate == 0) {
      if (burst != 0) {
        throw new IllegalArgumentException(
            "--burst needs --rate-limit N (N requests/s per client)");
      }
      return null;
    }
    return new RateLimitConfig(s, rate, burst);
  }
}
