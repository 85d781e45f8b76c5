package workshop.support.http;

/**
 * An outbound call that got no HTTP answer, classified the way a student reasons about it: the peer
 * did not answer in time, nobody listens on that port, the connection broke, or something else went
 * wrong on the way.
 */
public final class CallFailure extends RuntimeException {
  /** Why a call got no answer. */
  public enum Kind {
    TIMEOUT("timeout"),
    REFUSED("refused"),
    RESET("reset"),
    IO("io");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Kind kind;
  private final String target;

  public CallFailure(Kind kind, String target, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.target = target;
  }

  public Kind kind() {
    return kind;
  }

  /** The URL that was called. */
  public String target() {
    return target;
  }
}
