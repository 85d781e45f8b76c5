package workshop.fault;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A call between real processes is two messages: the request, from the caller to the callee, and
 * its answer, back. {@link #decide} asks {@link LinkConditions} about each in turn, so a call under
 * the faults in force fares as its two messages would in the simulator:
 *
 * <ul>
 *   <li>a delay adds to both directions it covers: {@code delay node-2 100ms} covers a call to
 *       node-2 both ways, so its round trip grows by 200 ms (as {@code tc netem} on a shared link
 *       delays every packet, request and answer alike); {@code delay node-1->node-2 100ms} covers
 *       only node-1's requests to node-2 and node-2's answers to node-1, 100 ms per round trip;
 *   <li>a loss of p per direction loses a call with 1 - (1 - p)² when it covers both (5 % per
 *       direction loses 9.75 % of calls);
 *   <li>a request lost never reaches the callee, which therefore does nothing; an answer lost means
 *       the callee did the work and the caller never hears of it (a one-way {@code block
 *       node-2->node-1} lets node-1's heartbeats reach node-2, and loses node-2's replies).
 * </ul>
 *
 * <p>One honest difference from TCP: a real one-way firewall rule stops the connection's handshake
 * too, so nothing gets through in either direction. The workshop keeps the simulator's meaning,
 * where a message and its reply travel separately, because that is the lesson a one-way block
 * teaches (the other side still hears you).
 *
 * <p>Pure: randomness comes from the caller, the request is decided first, and the answer only when
 * the request arrives, so a seed replays the same fates. Duplication and reordering have no meaning
 * for one call and are ignored.
 */
public final class RoundTrip {
  private RoundTrip() {}

  /** What happens to one call. */
  public sealed interface Fate {}

  /** Both messages arrive; the call takes {@code delay} longer than it would. */
  public record Arrives(Duration delay) implements Fate {}

  /**
   * The request never arrives: the caller waits out its timeout ({@code refused} false) or is
   * refused at once ({@code refused} true). The callee does nothing.
   */
  public record RequestLost(boolean refused, String reason) implements Fate {}

  /**
   * The request arrives (after {@code delay}) and the callee handles it, but its answer is lost:
   * the caller waits out its timeout, or with {@code refused} has its connection refused at once.
   */
  public record AnswerLost(Duration delay, boolean refused, String reason) implements Fate {}

  /** The fate of a call from {@code caller} to {@code callee}: its request, then its answer. */
  public static Fate decide(
      LinkConditions links, String caller, String callee, RandomGenerator random) {
    Verdict request = links.decide(caller, callee, random);
    switch (request) {
      case Verdict.Drop d -> {
        return new RequestLost(false, d.reason());
      }
      case Verdict.Reject r -> {
        return new RequestLost(true, r.reason());
      }
      case Verdict.Deliver there -> {
        Verdict answer = links.decide(callee, caller, random);
        return switch (answer) {
          case Verdict.Drop d ->
              new AnswerLost(there.delay(), false, "its answer was " + d.reason());
          case Verdict.Reject r ->
              new AnswerLost(there.delay(), true, "its answer was " + r.reason());
          case Verdict.Deliver back -> new Arrives(there.delay().plus(back.delay()));
        };
      }
    }
  }
}
