package workshop.support.cli;

/** Checks of port flags shared by every command. */
public final class Ports {
  private Ports() {}

  /** Rejects ports outside 1-65535 (0 is allowed when {@code allowZero}: pick a free one). */
  public static int check(String flag, int port, boolean allowZero) {
    if (port == 0 && allowZero) {
      return port;
    }
    if (port < 1 || port > 65_535) {
      throw new UserError(flag + " must be between 1 and 65535, got " + port);
    }
    return port;
  }
}
