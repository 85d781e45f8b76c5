package workshop.kv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the bytes a client sends into commands. Two shapes arrive, as in Redis: an array of bulk
 * strings ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}, what redis-cli and every library send) and an
 * inline command, one line of words as a person types it into {@code nc} or telnet ({@code GET k};
 * double quotes take escapes such as {@code \n} and {@code \x41}, single quotes none).
 *
 * <p>Bytes arrive in any chunks: {@link #feed} appends what a read returned and {@link #next}
 * answers a whole command, {@link NeedMore} when the command is not complete yet, or {@link
 * Invalid} with the reason in Redis's words ({@code Protocol error: invalid bulk length}), after
 * which the connection must be closed, as Redis closes it: the stream can no longer be cut
 * reliably. Several pipelined commands in one read come out of successive {@code next} calls.
 *
 * <p>Limits, so one client cannot take the server's memory: a bulk string of at most {@link
 * #MAX_BULK_BYTES}, an array of at most {@link #MAX_ARGS} items, a whole command of at most {@link
 * #MAX_COMMAND_BYTES}, and an inline line or a length line of at most {@link #MAX_INLINE_BYTES}.
 * Not thread-safe: one per connection.
 */
public final class RespDecoder {
  /** Redis allows 512 MB; a workshop value is a few bytes, and 16 MiB still takes a file. */
  public static final int MAX_BULK_BYTES = 16 * 1024 * 1024;

  /** Redis's own bound on an array's length. */
  public static final int MAX_ARGS = 1024 * 1024;

  /** A command's whole size: Redis closes a client whose query buffer passes 1 GB. */
  public static final int MAX_COMMAND_BYTES = 32 * 1024 * 1024;

  /** Redis's PROTO_INLINE_MAX_SIZE: a line longer than this is not typed by a person. */
  public static final int MAX_INLINE_BYTES = 64 * 1024;

  /** What {@link #next} found. */
  public sealed interface Frame {}

  /** A whole command: its name first, every argument as raw bytes. */
  public record Command(List<byte[]> args) implements Frame {}

  /** The buffered bytes end inside a command. */
  public record NeedMore() implements Frame {}

  /** Not the protocol: answer {@code -ERR <message>} and close. */
  public record Invalid(String message) implements Frame {}

  private static final NeedMore NEED_MORE = new NeedMore();

  private byte[] buf = new byte[4096];
  private int start;
  private int end;
  private boolean broken;

  /** Appends bytes a read returned. */
  public void feed(byte[] data, int offset, int length) {
    if (end + length > buf.length) {
      int pending = end - start;
      if (pending + length <= buf.length && start > 0) {
        System.arraycopy(buf, start, buf, 0, pending);
      } else {
        byte[] bigger = new byte[Math.max(buf.length * 2, pending + length)];
        System.arraycopy(buf, start, bigger, 0, pending);
        buf = bigger;
      }
      start = 0;
      end = pending;
    }
    System.arraycopy(data, offset, buf, end, length);
    end += length;
  }

  /** Bytes received but not yet part of a returned command. */
  public int buffered() {
    return end - start;
  }

  /** The next whole command, {@link NeedMore}, or {@link Invalid} (and every later call too). */
  public Frame next() {
    if (broken) {
      return new Invalid("Protocol error: the connection already sent bad input");
    }
    while (start < end) {
      Frame frame = buf[start] == '*' ? array() : inline();
      if (frame instanceof Invalid) {
        broken = true;
      }
      if (frame != null) {
        return frame;
      }
      // null: an empty line or an empty array, which Redis skips.
    }
    start = 0;
    end = 0;
    return NEED_MORE;
  }

  private Frame array() {
    int eol = lineEnd(start + 1);
    if (eol < 0) {
      return end - start > MAX_INLINE_BYTES
          ? new Invalid("Protocol error: too big mbulk count string")
          : NEED_MORE;
    }
    long count = number(start + 1, eol);
    if (count > MAX_ARGS || count == Long.MIN_VALUE) {
      return new Invalid(
          "Protocol error: invalid multibulk length (at most " + MAX_ARGS + " arguments)");
    }
    int pos = eol + 2;
    if (count <= 0) {
      start = pos;
      return null;
    }
    List<byte[]> args = new ArrayList<>((int) Math.min(count, 16));
    for (long i = 0; i < count; i++) {
      if (pos >= end) {
        return NEED_MORE;
      }
      if (buf[pos] != '$') {
        return new Invalid("Protocol error: expected '$', got '" + shown(buf[pos]) + "'");
      }
      int lenEnd = lineEnd(pos + 1);
      if (lenEnd < 0) {
        return end - pos > MAX_INLINE_BYTES
            ? new Invalid("Protocol error: too big bulk count string")
            : NEED_MORE;
      }
      long length = number(pos + 1, lenEnd);
      if (length < 0 || length > MAX_BULK_BYTES) {
        return new Invalid(
            "Protocol error: invalid bulk length (at most " + MAX_BULK_BYTES + " bytes)");
      }
      int dataStart = lenEnd + 2;
      if ((long) dataStart + length - start > MAX_COMMAND_BYTES) {
        return new Invalid(
            "Protocol error: a command of more than " + MAX_COMMAND_BYTES + " bytes");
      }
      if (dataStart + length + 2 > end) {
        return NEED_MORE;
      }
      int dataEnd = dataStart + (int) length;
      if (buf[dataEnd] != '\r' || buf[dataEnd + 1] != '\n') {
        return new Invalid(
            "Protocol error: a bulk string of " + length + " bytes is not followed by CRLF");
      }
      args.add(Arrays.copyOfRange(buf, dataStart, dataEnd));
      pos = dataEnd + 2;
    }
    start = pos;
    return new Command(args);
  }

  private Frame inline() {
    int newline = -1;
    for (int i = start; i < end; i++) {
      if (buf[i] == '\n') {
        newline = i;
        break;
      }
    }
    if (newline < 0) {
      return end - start > MAX_INLINE_BYTES
          ? new Invalid("Protocol error: too big inline request")
          : NEED_MORE;
    }
    int lineEnd = newline > start && buf[newline - 1] == '\r' ? newline - 1 : newline;
    List<byte[]> words = InlineWords.split(buf, start, lineEnd);
    start = newline + 1;
    if (words == null) {
      return new Invalid("Protocol error: unbalanced quotes in request");
    }
    return words.isEmpty() ? null : new Command(words);
  }

  /** The index of the CR of the next CRLF at or after {@code from}, or -1. */
  private int lineEnd(int from) {
    int limit = Math.min(end - 1, from + MAX_INLINE_BYTES);
    for (int i = from; i < limit; i++) {
      if (buf[i] == '\r' && buf[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** A decimal number, or Long.MIN_VALUE when the bytes are not one. */
  private long number(int from, int to) {
    if (from == to || to - from > 18) {
      return Long.MIN_VALUE;
    }
    boolean negative = buf[from] == '-';
    long n = 0;
    for (int i = negative ? from + 1 : from; i < to; i++) {
      if (buf[i] < '0' || buf[i] > '9') {
        return Long.MIN_VALUE;
      }
      n = n * 10 + (buf[i] - '0');
    }
    return negative ? -n : n;
  }

  private static String shown(byte b) {
    return b >= 32 && b < 127 ? Character.toString(b) : String.format("\\x%02x", b & 0xff);
  }
}
