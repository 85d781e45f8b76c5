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
 * <p>With {@code always}, a writer calls {@link #syncTo} before it answers; writers that arrive
 * while another's fsync runs are covered by the next one, so concurrent clients share fsyncs (group
 * commit) and the disk, not the lock, sets the pace. With {@code everysec} a background thread
 * forces the file once a second when something was written; with {@code no}, never.
 *
 * <p>{@link #append} is called under the server's lock, in the order writes are applied.
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
  private volatile long written;
  private volatile long synced;
  private volatile boolean lastWriteOk = true;

  private AppendOnlyFile(Path path, FsyncPolicy policy, long size, long droppedAtLoad)
      throws IOException {
    this.path = path;
    this.policy = policy;
    this.droppedAtLoad = droppedAtLoad;
    this.channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
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

  /** Appends one write's bytes; returns the file's length after it. Under the server's lock. */
  long append(byte[] bytes) throws IOException {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      lastWriteOk = true;
    } catch (IOException e) {
      lastWriteOk = false;
      throw e;
    }
    written += bytes.length;
    return written;
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
      lastWriteOk = false;
    } finally {
      syncing.unlock();
    }
  }

  ServerFacts.LogFacts facts() {
    return new ServerFacts.LogFacts(
        policy.label(), written, lastWriteOk, droppedAtLoad, fsyncs.get());
  }

  @Override
  public void close() throws IOException {
    if (everySecond != null) {
      everySecond.shutdownNow();
    }
    if (policy != FsyncPolicy.NO) {
      syncNow();
    }
    channel.close();
  }
}
