package workshop.support.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes connections that take too long over one phase of a request: sending the request head,
 * sending the body, or reading the answer. Without it a client that sends one header byte every few
 * seconds (slowloris) holds a socket and a thread for ever, and 500 such clients hold 500.
 *
 * <p>Each connection is served by one thread, which marks the start of a phase with {@link #begin}
 * and its end with {@link #end}; a sweeper thread looks at the open phases every {@link
 * #sweepEvery} and closes the connection of any that passed its deadline, which ends the blocked
 * read or write on that thread. So a deadline costs two map operations per phase, no timer per
 * read, and a phase ends at most one sweep period after its deadline.
 *
 * <p>Waiting for the next request on an idle keep-alive connection is not a phase here: the server
 * library's own idle timeout covers it.
 */
final class ConnectionDeadlines implements AutoCloseable {
  /** The part of a request that is timed. */
  enum Phase {
    HEAD("send the request head"),
    BODY("send the request body"),
    WRITE("read the answer");

    private final String doing;

    Phase(String doing) {
      this.doing = doing;
    }

    /** Words for a log line: "took too long to ...". */
    String doing() {
      return doing;
    }
  }

  /** How long each phase may take. */
  record Limits(Duration head, Duration body, Duration write) {
    Duration of(Phase phase) {
      return switch (phase) {
        case HEAD -> head;
        case BODY -> body;
        case WRITE -> write;
      };
    }
  }

  private record Open(Phase phase, long dueNanos) {}

  private final Limits limits;
  private final Duration sweepEvery;
  private final Map<Thread, Open> open = new ConcurrentHashMap<>();
  private final Thread sweeper;
  private volatile boolean closed;
  private volatile long expired;

  ConnectionDeadlines(Limits limits, Duration sweepEvery) {
    this.limits = limits;
    this.sweepEvery = sweepEvery;
    this.sweeper = Thread.ofVirtual().name("connection-deadlines").start(this::sweep);
  }

  /** The calling connection thread starts {@code phase}, replacing any phase it had open. */
  void begin(Phase phase) {
    open.put(
        Thread.currentThread(), new Open(phase, System.nanoTime() + limits.of(phase).toNanos()));
  }

  /**
   * The calling connection thread finished its phase.
   *
   * @return false when the phase had already expired: the connection is being closed
   */
  boolean end() {
    return open.remove(Thread.currentThread()) != null;
  }

  /** Phases open now, for tests and stats. */
  int openCount() {
    return open.size();
  }

  /** Connections closed so far because a phase passed its deadline. */
  long expired() {
    return expired;
  }

  @Override
  public void close() {
    closed = true;
    sweeper.interrupt();
  }

  private void sweep() {
    long period = Math.max(1, sweepEvery.toMillis());
    while (!closed) {
      try {
        Thread.sleep(period);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (var e : open.entrySet()) {
        Open o = e.getValue();
        if (now - o.dueNanos > 0 && open.remove(e.getKey(), o)) {
          expired++;
          e.getKey().interrupt();
        }
      }
    }
  }
}
