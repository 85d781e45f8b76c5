package workshop.kv.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import workshop.kv.AppendLog;
import workshop.kv.FsyncPolicy;
import workshop.kv.ServerFacts;
import workshop.kv.WriteOp;

/**
 * The append-only log on disk: reads it back at start ({@link AppendLog} decides what is kept),
 * cuts off an incomplete last record, then appends each write and forces it to disk by the {@link
 * FsyncPolicy}.
 *
 * <p>Writes are shared the way Redis shares them within one turn of its event loop: {@link #append}
 * only copies a write into a buffer (under the server's lock, in the order writes are applied);
 * before it answers, each writer calls {@link #flushTo}, and whichever gets there first hands
 * everything buffered to the kernel in one {@code write}, covering the writers queued behind it. So
 * a reply is sent only once its write is in the kernel, and a {@code kill -9} of the process loses
 * nothing acknowledged under any policy. With {@code always}, a writer then calls {@link #syncTo},
 * where fsyncs are shared the same way (group commit), so the disk, not the lock, sets the pace.
 * With {@code everysec} a background thread forces the file once a second when something was
 * written; with {@code no}, never.
 *
 * <p>After a failed {@code write} the log no longer holds every applied write in order, so every
 * later append is refused (Redis refuses writes after an AOF error too) until a restart.
 */
final class AppendOnlyFile implements AutoCloseable {
  /** What a start found in the log. */
  record Opened(AppendOnlyFile file, List<WriteOp> writes, long droppedBytes) {}

  private final Path path;
  private final FsyncPolicy policy;
  private final FileChannel channel;
  private final ReentrantLock syncing = new ReentrantLock();
  private final AtomicLong fsyncs = new AtomicLong();
  private final ScheduledExecutorService everySecond;
  private final long droppedAtLoad;
  private final ReentrantLock writing = new ReentrantLock();
  private final Object buffer = new Object();
  private byte[] pending = new byte[64 * 1024];
  private int pendingSize;
  private long appended;
  private volatile long written;
  private volatile long synced;
  private volatile String failure;

  private AppendOnlyFile(Path path, FsyncPolicy policy, long size, long droppedAtLoad)
      throws IOException {
    this.path = path;
    this.policy = policy;
    this.droppedAtLoad = droppedAtLoad;
    this.channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    this.appended = size;
    this.written = size;
    this.synced = size;
    if (policy == FsyncPolicy.EVERYSEC) {
      everySecond =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().daemon().name("aof-everysec").unstarted(r));
      everySecond.scheduleAtFixedRate(this::syncNow, 1, 1, TimeUnit.SECONDS);
    } else {
      everySecond = null;
    }
  }

  /**
   * Opens (or creates) the log at {@code path} and reads it back.
   *
   * @throws AppendLog.CorruptLog when a record in the middle is not a write
   * @throws UncheckedIOException when the folder or file cannot be read or written
   */
  static Opened open(Path path, FsyncPolicy policy) {
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      if (!Files.exists(path)) {
        Files.createFile(path);
      }
      AppendLog.Loaded loaded = AppendLog.read(Files.readAllBytes(path));
      if (loaded.droppedBytes() > 0) {
        try (FileChannel cut = FileChannel.open(path, StandardOpenOption.WRITE)) {
          cut.truncate(loaded.validBytes());
          cut.force(true);
        }
      }
      AppendOnlyFile file =
          new AppendOnlyFile(path, policy, loaded.validBytes(), loaded.droppedBytes());
      return new Opened(file, loaded.writes(), loaded.droppedBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": " + e.getMessage(), e);
    }
  }

  Path path() {
    return path;
  }

  FsyncPolicy policy() {
    return policy;
  }

  /**
   * Buffers one write's bytes; returns the log's length once they are in it. Under the server's
   * lock.
   *
   * @throws IOException when an earlier write to the file failed
   */
  long append(byte[] bytes) throws IOException {
    String failed = failure;
    if (failed != null) {
      throw new IOException(failed);
    }
    synchronized (buffer) {
      if (pendingSize + bytes.length > pending.length) {
        pending =
            java.util.Arrays.copyOf(
                pending, Math.max(pending.length * 2, pendingSize + bytes.length));
      }
      System.arraycopy(bytes, 0, pending, pendingSize, bytes.length);
      pendingSize += bytes.length;
      appended += bytes.length;
      return appended;
    }
  }

  /** Returns once the log is in the kernel up to {@code position}; one write covers many. */
  void flushTo(long position) throws IOException {
    if (written >= position) {
      return;
    }
    writing.lock();
    try {
      if (written >= position) {
        return; // another writer's write covered this one
      }
      byte[] chunk;
      int size;
      long upTo;
      synchronized (buffer) {
        chunk = pending;
        size = pendingSize;
        upTo = appended;
        pending = new byte[chunk.length];
        pendingSize = 0;
      }
      ByteBuffer bytes = ByteBuffer.wrap(chunk, 0, size);
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      written = upTo;
    } catch (IOException e) {
      failure = "the append-only log could not be written (" + e.getMessage() + ")";
      throw e;
    } finally {
      writing.unlock();
    }
  }

  /** With {@code always}: returns once the file is on disk up to {@code position}. */
  void syncTo(long position) throws IOException {
    if (policy != FsyncPolicy.ALWAYS || synced >= position) {
      return;
    }
    syncing.lock();
    try {
      if (synced >= position) {
        return; // another writer's fsync covered this write
      }
      long upTo = written;
      channel.force(false);
      fsyncs.incrementAndGet();
      synced = upTo;
    } finally {
      syncing.unlock();
    }
  }

  private void syncNow() {
    if (synced >= written) {
      return;
    }
    syncing.lock();
    try {
      long upTo = written;
      channel.force(false);
      fsyncs.incrementAndGet();
      synced = upTo;
    } catch (IOException e) {
      failure = "the append-only log could not be forced to disk (" + e.getMessage() + ")";
    } finally {
      syncing.unlock();
    }
  }

  ServerFacts.LogFacts facts() {
    return new ServerFacts.LogFacts(
        policy.label(), written, failure == null, droppedAtLoad, fsyncs.get());
  }

  @Override
  public void close() throws IOException {
    if (everySecond != null) {
      everySecond.shutdownNow();
    }
    long end;
    synchronized (buffer) {
      end = appended;
    }
    flushTo(end);
    if (policy != FsyncPolicy.NO) {
      syncNow();
    }
    channel.close();
  }
}
