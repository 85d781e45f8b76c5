package workshop.ratelimit;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code --rate-limit N --rate-limit-strategy S --burst B}: at most N requests per second per
 * client. The token bucket holds B tokens (so a quiet client may send B at once); the window
 * strategies allow B requests per window of B/N seconds, which is the same long-run rate N with the
 * same largest burst, so the four strategies are comparable.
 *
 * @param burst 0 means "same as the rate": one second's worth, as the original's bucket
 */
public record RateLimitConfig(Strategy strategy, int requestsPerSecond, int burst) {
  /** A cap that catches typos (a limit this high would never be reached on a laptop anyway). */
  public static final int MAX_RATE = 1_000_000;

  /** The four strategies, named as on the command line. */
  public enum Strategy {
    TOKEN_BUCKET("token-bucket"),
    FIXED_WINDOW("fixed-window"),
    SLIDING_WINDOW_LOG("sliding-window-log"),
    SLIDING_WINDOW_COUNTER("sliding-window-counter");

    private final String flag;

    Strategy(String flag) {
      this.flag = flag;
    }

    public String flag() {
      return flag;
    }

    /** Parses a flag value; the error lists the allowed names. */
    public static Strategy parse(String text) {
      String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      for (Strategy s : values()) {
        if (s.flag.equals(wanted)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "--rate-limit-strategy must be one of " + names() + ", got '" + text + "'");
    }

    public static String names() {
      return Arrays.stream(values()).map(Strategy::flag).collect(Collectors.joining(", "));
    }
  }

  public RateLimitConfig {
    if (strategy == null) {
      throw new IllegalArgumentException(
          "--rate-limit-strategy must be one of " + Strategy.names());
    }
    if (requestsPerSecond < 1 || requestsPerSecond > MAX_RATE) {
      throw new IllegalArgumentException(
          "--rate-limit must be between 1 and "
              + MAX_RATE
              + " requests/s, got "
              + requestsPerSecond);
    }
    if (burst == 0) {
      burst = requestsPerSecond;
    }
    if (burst < 1 || burst > MAX_RATE) {
      throw new IllegalArgumentException(
          "--burst must be between 1 and "
              + MAX_RATE
              + " (0 = same as --rate-limit), got "
              + burst);
    }
  }

  /** Requests per window for the window strategies: the burst. */
  public int requestsPerWindow() {
    return burst;
  }

  /** Window length for the window strategies: burst / rate seconds. */
  public Duration window() {
    return Duration.ofNanos(Math.max(1_000_000L, burst * 1_000_000_000L / requestsPerSecond));
  }

  /** "token-bucket, 5/s, burst 5" */
  public String describe() {
    return strategy.flag() + ", " + requestsPerSecond + "/s per client, burst " + burst;
  }
}
