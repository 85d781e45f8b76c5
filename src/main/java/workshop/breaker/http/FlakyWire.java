package workshop.breaker.http;

import workshop.support.json.Json;

/** Module 09's flaky server on the wire, as the live view and the check read it. */
public final class FlakyWire {
  private FlakyWire() {}

  /**
   * Any answer of the dependency, for the sentence it says: {@code "I am healthy!"} on a 200. A
   * dependency the view is pointed at may say nothing of the kind, so the message is optional.
   */
  public record Said(@Json.Optional String message) {}

  /** {@code GET /stats}: its mode and how many calls it answered and failed. */
  public record Stats(String mode, long calls, long failures) {}
}
