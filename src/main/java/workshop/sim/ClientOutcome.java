package workshop.sim;

import workshop.protocol.RequestId;

/**
 * How a client request ended, as the client saw it: a reply, a refusal with its reason, or nothing
 * before its timeout (then {@code body} and {@code refusal} are null and {@code timedOut} is true).
 */
public record ClientOutcome<M>(
    RequestId request, String node, long atMillis, M body, String refusal, boolean timedOut) {
  public boolean replied() {
    return body != null;
  }

  @Override
  public String toString() {
    if (timedOut) {
      return request + " <- " + node + "  no answer: the client timed out";
    }
    return request + " <- " + node + "  " + (body != null ? body : "refused: " + refusal);
  }
}
