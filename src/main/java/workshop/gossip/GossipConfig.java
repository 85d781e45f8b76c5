package workshop.gossip;

import java.time.Duration;

/**
 * How a {@link GossipNode} gossips. Immutable and validated; messages name the allowed range.
 *
 * @param fanout peers contacted per round, 1-100
 * @param mode push, pull or push-pull
 * @param suspectAfter consecutive failed calls after which a peer is suspected, 1-100
 * @param retryEvery a suspected peer is probed once every this many rounds, 1-1000
 * @param interval time between rounds, 10 ms to 10 minutes
 */
public record GossipConfig(
    int fanout, GossipMode mode, int suspectAfter, int retryEvery, Duration interval) {
  /**
   * Fanout 1: the original's choice, and the one the log2(N) rule of thumb is about. Push-pull:
   * converges in fewer rounds than push alone (the original was push-only). Suspect after 3
   * failures: one lost call is noise, three in a row (6 s at a 2 s interval) is a dead peer. Probe
   * every 5th round: a suspected peer costs 1 call in 5 instead of 1 in 3, and a restarted one is
   * found again within about 10 s. Every 2 s: the original's interval.
   */
  public static final GossipConfig DEFAULTS =
      new GossipConfig(1, GossipMode.PUSH_PULL, 3, 5, Duration.ofSeconds(2));

  public GossipConfig {
    check("fanout", fanout, 1, 100);
    check("suspect-after", suspectAfter, 1, 100);
    check("retry-every", retryEvery, 1, 1_000);
    if (mode == null) {
      throw new IllegalArgumentException("mode must be push, pull or push-pull");
    }
    if (interval == null || interval.toMillis() < 10 || interval.toMinutes() > 10) {
      throw new IllegalArgumentException(
          "interval must be between 10ms and 10m, got "
              + (interval == null ? "none" : interval.toMillis() + " ms"));
    }
  }

  public GossipConfig withFanout(int f) {
    return new GossipConfig(f, mode, suspectAfter, retryEvery, interval);
  }

  public GossipConfig withMode(GossipMode m) {
    return new GossipConfig(fanout, m, suspectAfter, retryEvery, interval);
  }

  public GossipConfig withInterval(Duration d) {
    return new GossipConfig(fanout, mode, suspectAfter, retryEvery, d);
  }

  private static void check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
