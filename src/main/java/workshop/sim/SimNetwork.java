package workshop.sim;

import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * A simulated network that delivers the messages protocol cores return, in virtual time. Each
 * message is lost with probability {@code loss}, otherwise delivered after a delay drawn uniformly
 * from {@code [minDelayMillis, maxDelayMillis]}. Events are ordered by delivery time and then by
 * sending order, so a run depends only on the seed of the random source: same seed, same run.
 *
 * <p>Any protocol can use it: gossip today, heartbeats or Raft later. Not thread-safe.
 *
 * @param <M> the protocol's message type
 */
public final class SimNetwork<M> {
  /** What the simulation does with a delivered message. */
  @FunctionalInterface
  public interface Receiver<M> {
    void deliver(int from, int to, M message);
  }

  private record Event<M>(long at, long seq, int from, int to, M message) {}

  private final PriorityQueue<Event<M>> queue =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final SimClock clock = new SimClock();
  private final RandomGenerator random;
  private final double loss;
  private final long minDelayMillis;
  private final long maxDelayMillis;
  private long seq;
  private long sent;
  private long lost;
  private long delivered;

  public SimNetwork(RandomGenerator random, double loss, long minDelayMillis, long maxDelayMillis) {
    if (!(loss >= 0 && loss < 1)) {
      throw new IllegalArgumentException(
          "loss must be from 0 up to (not including) 1, got " + loss);
    }
    if (minDelayMillis < 0 || maxDelayMillis < minDelayMillis) {
      throw new IllegalArgumentException(
          "delays must satisfy 0 <= min <= max, got " + minDelayMillis + ".." + maxDelayMillis);
    }
    this.random = random;
    this.loss = loss;
    this.minDelayMillis = minDelayMillis;
    this.maxDelayMillis = maxDelayMillis;
  }

  public SimClock clock() {
    return clock;
  }

  /** Sends now; the message arrives later, or never. */
  public void send(int from, int to, M message) {
    sent++;
    if (loss > 0 && random.nextDouble() < loss) {
      lost++;
      return;
    }
    long delay =
        minDelayMillis == maxDelayMillis
            ? minDelayMillis
            : minDelayMillis + random.nextLong(maxDelayMillis - minDelayMillis + 1);
    queue.add(new Event<>(clock.millis() + delay, seq++, from, to, message));
  }

  /**
   * Delivers, in order, every message due at or before {@code untilMillis} (including those sent
   * while delivering), then moves the clock to {@code untilMillis}.
   */
  public void runUntil(long untilMillis, Receiver<M> receiver) {
    while (!queue.isEmpty() && queue.peek().at <= untilMillis) {
      Event<M> e = queue.poll();
      clock.advanceTo(e.at);
      delivered++;
      receiver.deliver(e.from, e.to, e.message);
    }
    clock.advanceTo(untilMillis);
  }

  public long sent() {
    return sent;
  }

  public long lost() {
    return lost;
  }

  public long delivered() {
    return delivered;
  }

  public int inFlight() {
    return queue.size();
  }
}
