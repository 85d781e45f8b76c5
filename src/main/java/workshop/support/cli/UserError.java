package workshop.support.cli;

/** A problem the user can fix; printed as one line, no stack trace. */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }
}
