package workshop.support.cli;

/**
 * A problem the user can fix; printed as one line, no stack trace. The exit code is 1 for a command
 * that could not do its work (a port in use, nothing listening), and 2 for a command line that
 * could not be run as typed ({@link #usage}): the convention of {@code ping}, {@code curl}'s option
 * errors and picocli's own usage errors.
 */
public final class UserError extends RuntimeException {
  private final int exitCode;

  public UserError(String message) {
    this(message, 1);
  }

  private UserError(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** A flag or argument that cannot be used as given: exit code 2. */
  public static UserError usage(String message) {
    return new UserError(message, 2);
  }

  public int exitCode() {
    return exitCode;
  }
}
