package workshop.verify;

/** A step could not go on (a process did not start, a port did not answer). */
public final class VerifyAborted extends RuntimeException {
  public VerifyAborted(String message) {
    super(message);
  }
}
