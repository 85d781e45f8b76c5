package workshop.support.http;

import io.helidon.common.buffers.DataReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A connection's bytes as the server library's HTTP/1.1 parser reads them, with one change: a
 * request line that ends in {@code HTTP/1.0} is handed over as {@code HTTP/1.1}, and the connection
 * remembers that it was 1.0 so the answer can keep HTTP/1.0's rules (see {@link HelidonTransport}).
 * The library refuses HTTP/1.0 in its request-line parser with no option to accept it; everything a
 * 1.0 request may contain is also valid 1.1, so the parser needs only the version word changed, and
 * nothing of HTTP is parsed here.
 *
 * <p>The parser reads a request line with one call to {@link #readBytes} after finding its end, and
 * after it only header values (a {@code Connection} field) that way; bodies are read as buffers. So
 * the first {@code readBytes} after {@link #nextRequest} is the request line. Used by one
 * connection's thread only.
 */
final class Http10Reader extends DataReader {
  private static final byte[] HTTP_1_0 = " HTTP/1.0".getBytes(StandardCharsets.US_ASCII);

  private boolean atRequestLine = true;
  private boolean http10;

  Http10Reader(Supplier<byte[]> socket) {
    super(socket);
  }

  @Override
  public byte[] readBytes(int length) {
    byte[] bytes = super.readBytes(length);
    if (atRequestLine) {
      atRequestLine = false;
      http10 = endsWith(bytes, HTTP_1_0);
      if (http10) {
        bytes[bytes.length - 1] = '1';
      }
    }
    return bytes;
  }

  /** Whether the request being handled said HTTP/1.0. */
  boolean http10() {
    return http10;
  }

  /** The request is handled and its body read: the next bytes read whole are a request line. */
  void nextRequest() {
    atRequestLine = true;
  }

  static boolean endsWith(byte[] bytes, byte[] suffix) {
    if (bytes.length < suffix.length) {
      return false;
    }
    int from = bytes.length - suffix.length;
    for (int i = 0; i < suffix.length; i++) {
      if (bytes[from + i] != suffix[i]) {
        return false;
      }
    }
    return true;
  }
}
