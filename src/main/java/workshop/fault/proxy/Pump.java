package workshop.fault.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import workshop.fault.StreamDirection;
import workshop.fault.Verdict;

/**
 * One direction of a proxied connection: reads chunks, asks the faults in force about each ({@link
 * StreamDirection}) and writes them on. With nothing pending a chunk due now is written at once by
 * the reading thread, so a connection with no fault costs one read and one write per chunk. A chunk
 * to wait for (a delay, a drop sent again) goes to a queue that a second thread, started the first
 * time one is needed, writes in order; the queue is bounded, so a stalled direction stops reading
 * and the sender's TCP window fills, as it would behind a real stall.
 */
final class Pump {
  /** A chunk: the most one read returns. */
  static final int CHUNK_BYTES = 16 * 1024;

  /** Chunks waiting at most (4 MiB): beyond them the sender is held back by TCP itself. */
  static final int QUEUE_CHUNKS = 256;

  private record Chunk(byte[] bytes, StreamDirection.Step step) {}

  private static final Chunk END = new Chunk(null, null);

  private final Connection connection;
  private final boolean toUpstream;
  private final InputStream in;
  private final OutputStream out;
  private final StreamDirection direction = new StreamDirection();
  private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
  private final AtomicInteger pending = new AtomicInteger();
  private volatile Thread writer;
  private volatile boolean holding;

  Pump(Connection connection, boolean toUpstream, InputStream in, OutputStream out) {
    this.connection = connection;
    this.toUpstream = toUpstream;
    this.in = in;
    this.out = out;
  }

  /** Whether a dropped chunk waits here to be sent again. */
  boolean holding() {
    return holding;
  }

  /** Reads until the end of the stream; runs on a thread of its own. */
  void read() {
    byte[] buffer = new byte[CHUNK_BYTES];
    boolean first = true;
    try {
      while (true) {
        int n = in.read(buffer);
        if (n < 0) {
          end();
          return;
        }
        if (first && toUpstream) {
          connection.named(buffer, n);
        }
        first = false;
        connection.counted(toUpstream, n);
        StreamDirection.Step step = direction.chunk(verdict(), n, bandwidth(), System.nanoTime());
        if (step instanceof StreamDirection.Reset r) {
          connection.reset(r.reason());
          return;
        }
        if (pending.get() == 0
            && step instanceof StreamDirection.Forward f
            && f.atNanos() <= System.nanoTime()) {
          out.write(buffer, 0, n);
        } else {
          later(new Chunk(Arrays.copyOf(buffer, n), step));
        }
      }
    } catch (IOException e) {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connection.close();
    }
  }

  private Verdict verdict() {
    return toUpstream
        ? connection.net().message(connection.caller(), connection.proxyName())
        : connection.net().message(connection.proxyName(), connection.caller());
  }

  private long bandwidth() {
    return toUpstream
        ? connection.net().bandwidth(connection.caller(), connection.proxyName())
        : connection.net().bandwidth(connection.proxyName(), connection.caller());
  }

  private void end() throws InterruptedException {
    if (toUpstream) {
      connection.callerEnded();
    }
    if (pending.get() == 0) {
      connection.shutdownOutput(toUpstream);
      connection.streamEnded();
    } else {
      later(END);
    }
  }

  private void later(Chunk chunk) throws InterruptedException {
    pending.incrementAndGet();
    if (writer == null) {
      writer = Thread.ofVirtual().name("proxy-writer").start(this::write);
    }
    queue.put(chunk);
  }

  /** Writes the queued chunks in order, each at its time; runs on a thread of its own. */
  private void write() {
    try {
      while (true) {
        Chunk chunk = queue.take();
        if (chunk == END) {
          connection.shutdownOutput(toUpstream);
          connection.streamEnded();
          return;
        }
        StreamDirection.Forward go = deliverable(chunk.step());
        if (go == null) {
          return;
        }
        long wait = go.atNanos() - System.nanoTime();
        if (wait > 0) {
          connection.counters().delayed.increment();
          Thread.sleep(Duration.ofNanos(wait));
        }
        out.write(chunk.bytes());
        pending.decrementAndGet();
      }
    } catch (IOException e) {
      connection.close();
    } catch (InterruptedException e) {
      // The connection closed.
    }
  }

  /** Sends a dropped chunk again until it passes; null when the connection was reset instead. */
  private StreamDirection.Forward deliverable(StreamDirection.Step step)
      throws InterruptedException {
    long heldSince = step instanceof StreamDirection.Retry first ? first.sinceNanos() : 0;
    StreamDirection.Step now = step;
    while (now instanceof StreamDirection.Retry r) {
      if (!holding) {
        holding = true;
        connection.held(toUpstream, r.reason());
      }
      connection.counters().dropped.increment();
      Thread.sleep(Duration.ofNanos(Math.max(0, r.atNanos() - System.nanoTime())));
      now = StreamDirection.retry(r, verdict(), System.nanoTime());
    }
    if (holding) {
      holding = false;
      connection.passes(toUpstream, Duration.ofNanos(System.nanoTime() - heldSince));
    }
    return switch (now) {
      case StreamDirection.Forward f -> f;
      case StreamDirection.Reset x -> {
        connection.reset(x.reason());
        yield null;
      }
      case StreamDirection.Retry r -> throw new IllegalStateException("still held");
    };
  }

  /** Stops the writer, if one runs. */
  void stop() {
    Thread w = writer;
    if (w != null) {
      w.interrupt();
    }
  }
}
