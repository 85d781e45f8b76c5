package workshop.fault;

import java.time.Duration;

/**
 * One direction of a TCP connection that a proxy forwards (the caller's bytes to the upstream, or
 * the upstream's back), decided chunk by chunk under the faults in force. A chunk is what one read
 * returns: for a request/response protocol (HTTP, Redis) one request or one answer, so it plays the
 * part a message plays in {@link LinkConditions}.
 *
 * <p>TCP delivers every byte, in order, so a stream keeps rules a message network does not have:
 *
 * <ul>
 *   <li>a delayed chunk is never overtaken: it goes at its own time or after the chunk before it,
 *       whichever is later (jitter slows a stream down; it cannot reorder it);
 *   <li>a dropped chunk (a partition, a block, a loss) is sent again, as TCP retransmits a lost
 *       segment: after {@link #FIRST_RETRY}, then twice as long each time up to {@link
 *       #LONGEST_RETRY}, each time decided anew. Everything behind it waits. Under a partition the
 *       caller therefore hears nothing until its timeout, and after a heal the stream goes on where
 *       it stopped; under a loss of p, a fraction p of the chunks each way arrive 200 ms late (or
 *       400 ms, ...), which is what {@code tc netem loss} does to a TCP connection;
 *   <li>a chunk held {@link #GIVE_UP} resets the connection, as a workshop server stops holding a
 *       dropped call (and as TCP gives up retransmitting, after longer);
 *   <li>a rejected chunk resets the connection at once, as a REJECT rule's TCP reset.
 * </ul>
 *
 * <p>Duplication has no meaning on a stream and is ignored. Pure: verdicts and times come from the
 * caller. Not thread-safe: {@link #chunk} belongs to the thread that reads the direction; {@link
 * #retry} keeps no state.
 */
public final class StreamDirection {
  /** Linux's minimum retransmission timeout (TCP_RTO_MIN): the least a lost segment costs. */
  public static final Duration FIRST_RETRY = Duration.ofMillis(200);

  /**
   * Linux keeps doubling up to 120 s; a lesson stops at 1.6 s so that a heal shows within two
   * seconds.
   */
  public static final Duration LONGEST_RETRY = Duration.ofMillis(1600);

  /**
   * As long as a workshop server holds a dropped call silent: every caller has given up by then.
   */
  public static final Duration GIVE_UP = Duration.ofSeconds(120);

  /** What to do with one chunk. */
  public sealed interface Step {}

  /** Write it at {@code atNanos} (now or later, never before the chunk before it). */
  public record Forward(long atNanos) implements Step {}

  /**
   * It was dropped: send it again at {@code atNanos}, asking the network anew ({@link #retry}).
   *
   * @param attempt how many times it was dropped
   * @param sinceNanos when it was first dropped
   */
  public record Retry(long atNanos, int attempt, long sinceNanos, String reason) implements Step {}

  /** Reset the connection now. */
  public record Reset(String reason) implements Step {}

  private long lastAtNanos = Long.MIN_VALUE;
  private long busyUntilNanos = Long.MIN_VALUE;

  /**
   * Decides a chunk read at {@code nowNanos}, with no bandwidth limit.
   *
   * @param verdict what the network does with it, as {@link LinkConditions#decide} says
   */
  public Step chunk(Verdict verdict, long nowNanos) {
    return chunk(verdict, 0, 0, nowNanos);
  }

  /**
   * Decides a chunk of {@code bytes} read at {@code nowNanos}. Under a bandwidth limit ({@link
   * LinkConditions#bandwidth}; 0: none) the direction is a slow link: the chunk is sent once the
   * chunks before it are, taking {@code bytes / bytesPerSecond}, and then waits out its delay. A
   * dropped chunk sent again is not limited again.
   */
  public Step chunk(Verdict verdict, int bytes, long bytesPerSecond, long nowNanos) {
    return switch (verdict) {
      case Verdict.Deliver d -> {
        long sent = nowNanos;
        if (bytesPerSecond > 0) {
          sent = Math.max(nowNanos, busyUntilNanos) + bytes * 1_000_000_000L / bytesPerSecond;
          busyUntilNanos = sent;
        }
        long at = Math.max(sent + d.delay().toNanos(), lastAtNanos);
        lastAtNanos = at;
        yield new Forward(at);
      }
      case Verdict.Drop d -> new Retry(nowNanos + FIRST_RETRY.toNanos(), 1, nowNanos, d.reason());
      case Verdict.Reject r -> new Reset(r.reason());
    };
  }

  /**
   * Decides a dropped chunk sent again at {@code nowNanos}: it passes (after the delay in force),
   * is dropped again (and waits twice as long, up to {@link #LONGEST_RETRY}), or resets the
   * connection (rejected, or held {@link #GIVE_UP}).
   */
  public static Step retry(Retry held, Verdict verdict, long nowNanos) {
    return switch (verdict) {
      case Verdict.Deliver d -> new Forward(nowNanos + d.delay().toNanos());
      case Verdict.Reject r -> new Reset(r.reason());
      case Verdict.Drop d -> {
        if (nowNanos - held.sinceNanos() >= GIVE_UP.toNanos()) {
          yield new Reset("held " + GIVE_UP.toSeconds() + " s (" + d.reason() + "): given up");
        }
        yield new Retry(
            nowNanos + wait(held.attempt() + 1), held.attempt() + 1, held.sinceNanos(), d.reason());
      }
    };
  }

  /** How long the {@code attempt}th drop waits: 200, 400, 800, 1600, 1600, ... ms. */
  static long wait(int attempt) {
    long first = FIRST_RETRY.toNanos();
    int doublings = Math.min(attempt - 1, 4);
    return Math.min(first << doublings, LONGEST_RETRY.toNanos());
  }
}
