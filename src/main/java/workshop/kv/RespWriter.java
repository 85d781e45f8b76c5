package workshop.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes replies and commands in RESP2 into a growable byte array, which the shell hands to its
 * socket in one write: every reply a read of pipelined commands produced goes out together.
 *
 * <p>Not thread-safe: one per connection.
 */
public final class RespWriter {
  private static final byte[] CRLF = {'\r', '\n'};

  private byte[] buf;
  private int size;

  public RespWriter() {
    this(256);
  }

  public RespWriter(int initialCapacity) {
    this.buf = new byte[Math.max(16, initialCapacity)];
  }

  public RespWriter reply(Reply reply) {
    switch (reply) {
      case Reply.Status s -> line('+', s.text());
      case Reply.Error e -> line('-', e.message().replace('\r', ' ').replace('\n', ' '));
      case Reply.Int i -> line(':', Long.toString(i.value()));
      case Reply.Bulk b -> bulk(b.bytes());
      case Reply.Nil n -> line('$', "-1");
      case Reply.Multi m -> {
        line('*', Integer.toString(m.items().size()));
        for (Reply item : m.items()) {
          reply(item);
        }
      }
    }
    return this;
  }

  /** A command as clients send it and the append-only log holds it: an array of bulk strings. */
  public RespWriter command(List<byte[]> args) {
    line('*', Integer.toString(args.size()));
    for (byte[] arg : args) {
      bulk(arg);
    }
    return this;
  }

  public int size() {
    return size;
  }

  /** The bytes written so far, as a copy. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** The backing array; only its first {@link #size()} bytes are written. */
  public byte[] array() {
    return buf;
  }

  /** Empties the writer, keeping its array for the next replies. */
  public void clear() {
    size = 0;
  }

  private void bulk(byte[] bytes) {
    line('$', Integer.toString(bytes.length));
    raw(bytes);
    raw(CRLF);
  }

  private void line(char type, String text) {
    ensure(text.length() + 3);
    buf[size++] = (byte) type;
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    raw(bytes);
    raw(CRLF);
  }

  private void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
