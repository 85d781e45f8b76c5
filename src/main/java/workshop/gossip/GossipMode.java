package workshop.gossip;

import java.util.Locale;

/** Which way state travels in a round (Demers et al. 1987, "Epidemic algorithms"). */
public enum GossipMode {
  /** Send what I know; the original workshop's only mode. Fast start, slow finish. */
  PUSH,
  /** Ask a peer what it knows. Slow start, fast finish. */
  PULL,
  /** Both in one exchange: the fastest, at two messages per exchange. */
  PUSH_PULL;

  /** {@code push}, {@code pull} or {@code push-pull}, as on the command line. */
  public static GossipMode parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "push" -> PUSH;
      case "pull" -> PULL;
      case "push-pull", "pushpull", "push_pull" -> PUSH_PULL;
      default ->
          throw new IllegalArgumentException(
              "mode must be push, pull or push-pull, got '" + text + "'");
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
