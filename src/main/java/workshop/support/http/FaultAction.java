package workshop.support.http;

import java.time.Duration;

/**
 * What the fault layer does to one call. {@link Pass} lets it through; {@link Delay} holds it
 * first; {@link Drop} swallows it silently so the caller waits until its own timeout (like a
 * firewall DROP rule); {@link Reject} fails it at once (like a refused connection); {@link
 * LoseAnswer} lets the request through (after its delay) and loses the answer: the callee does the
 * work, and the caller waits out its timeout or, with {@code refuse}, is cut off at once.
 */
public sealed interface FaultAction {
  FaultAction PASS = new Pass();

  record Pass() implements FaultAction {}

  record Delay(Duration by) implements FaultAction {}

  record Drop(String reason) implements FaultAction {}

  record Reject(String reason) implements FaultAction {}

  record LoseAnswer(Duration delay, boolean refuse, String reason) implements FaultAction {}
}
