package workshop.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an append-only log back: the writes it holds, in order, as Redis reads its AOF. The log is
 * each write's command in RESP, one after another ({@link WriteOp#encode()}), so {@code cat} shows
 * it and the offset of a write is where it ends in the file.
 *
 * <p>What a crash leaves decides what a start does (Redis's {@code aof-load-truncated yes}):
 *
 * <ul>
 *   <li>a last record cut short (the process died in the middle of an append): every complete
 *       record is kept, the incomplete tail is dropped and {@link Loaded#droppedBytes()} says how
 *       many bytes, for a one-line warning;
 *   <li>anything else that is not a logged write, anywhere (a bad length, a byte that starts no
 *       record, a command this server never logs): the log is corrupt in the middle, and {@link
 *       CorruptLog} names the offset, because dropping the rest would silently lose acknowledged
 *       writes after it.
 * </ul>
 *
 * Pure: the shell reads the file and truncates it.
 */
public final class AppendLog {
  private AppendLog() {}

  /**
   * The log's complete writes.
   *
   * @param writes every complete write, in order
   * @param validBytes the length of the complete records; the file is cut here
   * @param droppedBytes bytes after them: an incomplete last record (0 when none)
   */
  public record Loaded(List<WriteOp> writes, long validBytes, long droppedBytes) {
    public Loaded {
      writes = List.copyOf(writes);
    }
  }

  /** A log that cannot be replayed without losing writes: where it breaks, and how. */
  public static final class CorruptLog extends RuntimeException {
    private final long offset;

    CorruptLog(long offset, String reason) {
      super("the append-only log is corrupt at byte offset " + offset + ": " + reason);
      this.offset = offset;
    }

    public long offset() {
      return offset;
    }
  }

  /**
   * Reads {@code log}.
   *
   * @throws CorruptLog when a record that is not the last, or that is complete, is not a write
   */
  public static Loaded read(byte[] log) {
    RespDecoder decoder = new RespDecoder();
    decoder.feed(log, 0, log.length);
    List<WriteOp> writes = new ArrayList<>();
    long at = 0;
    while (at < log.length) {
      if (log[(int) at] != '*') {
        throw new CorruptLog(
            at,
            "expected '*' to start a record, found byte 0x"
                + Integer.toHexString(log[(int) at] & 0xff));
      }
      switch (decoder.next()) {
        case RespDecoder.Command c -> {
          WriteOp write = WriteOp.parse(c.args());
          if (write == null) {
            throw new CorruptLog(at, "a record that is not a SET or DEL this server wrote");
          }
          writes.add(write);
          at = log.length - decoder.buffered();
        }
        case RespDecoder.NeedMore m -> {
          return new Loaded(writes, at, log.length - at);
        }
        case RespDecoder.Invalid bad -> throw new CorruptLog(at, bad.message());
      }
    }
    return new Loaded(writes, at, 0);
  }
}
