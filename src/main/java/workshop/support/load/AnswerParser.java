package workshop.support.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads HTTP/1.x answers from bytes as they arrive, for the load loop: the status, whether the
 * connection may be kept, the size of the head and body on the wire, and the values of a few named
 * headers. The body is counted and skipped, never stored: a load client needs its length, not its
 * content. Framing follows RFC 9112 section 6.3: no body for 1xx, 204 and 304 answers and for
 * answers to HEAD; chunked when Transfer-Encoding names it; else Content-Length; else everything
 * until the server closes. Interim 1xx answers are skipped.
 *
 * <p>The trade-off: a hand-rolled parser of a few states instead of the HTTP library's, because on
 * two shared cores every microsecond the client spends on an answer is taken from the server it
 * measures (wrk parses the same way). No allocation per answer: lines go into one reused array, and
 * a captured header's value becomes a String only when asked for.
 *
 * <p>Bounds: a line over {@value #MAX_LINE} bytes or a head over {@value #MAX_HEAD} bytes is
 * malformed, as are a status line that is not {@code HTTP/1.x NNN}, a header line without a colon,
 * a Content-Length that is not a decimal number (or two that differ) and a chunk size that is not
 * hex. Pure: no I/O. Not thread-safe; one parser per connection.
 */
final class AnswerParser {
  static final int MAX_LINE = 8 * 1024;
  static final int MAX_HEAD = 64 * 1024;

  /** An answer that is not HTTP/1.x as RFC 9112 frames it; the message says what was wrong. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private enum State {
    STATUS,
    HEADER,
    BODY,
    BODY_TO_CLOSE,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILER,
    DONE
  }

  private static final byte[] CONTENT_LENGTH = ascii("content-length");
  private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
  private static final byte[] CONNECTION = ascii("connection");
  private static final byte[] CLOSE = ascii("close");
  private static final byte[] KEEP_ALIVE = ascii("keep-alive");
  private static final byte[] CHUNKED = ascii("chunked");

  private final byte[][] captureNames;
  private final byte[][] captured;
  private final int[] capturedLength;
  private final byte[] line = new byte[MAX_LINE];
  private int lineLength;
  private boolean headRequest;
  private State state;
  private int status;
  private boolean http10;
  private boolean keepAlive;
  private boolean chunked;
  private long contentLength;
  private long remaining;
  private long headBytes;
  private long wireBytes;
  private long bodyBytes;

  /**
   * @param captureNames headers whose values {@link #header} returns, in that order
   */
  AnswerParser(String... captureNames) {
    this.captureNames = new byte[captureNames.length][];
    for (int i = 0; i < captureNames.length; i++) {
      this.captureNames[i] = ascii(captureNames[i].toLowerCase(java.util.Locale.ROOT));
    }
    this.captured = new byte[captureNames.length][MAX_LINE];
    this.capturedLength = new int[captureNames.length];
    reset(false);
  }

  /** Makes ready for the next answer; {@code headRequest} when it answers a HEAD (no body). */
  void reset(boolean headRequest) {
    this.headRequest = headRequest;
    state = State.STATUS;
    lineLength = 0;
    status = 0;
    keepAlive = true;
    chunked = false;
    contentLength = -1;
    headBytes = 0;
    wireBytes = 0;
    bodyBytes = 0;
    java.util.Arrays.fill(capturedLength, -1);
  }

  /**
   * Consumes bytes of {@code in} up to the end of the answer and says whether it is complete; what
   * follows the answer stays in {@code in}.
   */
  boolean feed(ByteBuffer in) throws Malformed {
    while (in.hasRemaining() && state != State.DONE) {
      switch (state) {
        case BODY, CHUNK_DATA -> skip(in);
        case BODY_TO_CLOSE -> {
          int n = in.remaining();
          in.position(in.limit());
          count(n, true);
        }
        default -> {
          if (lineFrom(in)) {
            onLine();
          }
        }
      }
    }
    return state == State.DONE;
  }

  /** The server closed the connection: true when that ends the answer (a body read to close). */
  boolean closed() {
    if (state == State.BODY_TO_CLOSE) {
      state = State.DONE;
      return true;
    }
    return state == State.DONE;
  }

  /** Whether any byte of an answer has arrived since {@link #reset}. */
  boolean started() {
    return wireBytes > 0 || lineLength > 0;
  }

  int status() {
    return status;
  }

  /** Whether the connection may carry the next request. */
  boolean keepAlive() {
    return keepAlive;
  }

  /** Bytes of the answer that were not body content: status line, headers, chunk framing. */
  long headBytes() {
    return headBytes;
  }

  /** Bytes of body content (chunks decoded). */
  long bodyBytes() {
    return bodyBytes;
  }

  /** The value of the {@code i}th captured header, trimmed, or null when the answer had none. */
  String header(int i) {
    int n = capturedLength[i];
    return n < 0 ? null : new String(captured[i], 0, n, StandardCharsets.ISO_8859_1);
  }

  private void skip(ByteBuffer in) {
    int n = (int) Math.min(remaining, in.remaining());
    in.position(in.position() + n);
    remaining -= n;
    count(n, true);
    if (remaining == 0) {
      state = state == State.BODY ? State.DONE : State.CHUNK_END;
    }
  }

  private void count(int n, boolean body) {
    wireBytes += n;
    if (body) {
      bodyBytes += n;
    } else {
      headBytes += n;
    }
  }

  /** Reads up to the end of a line; true when a whole line (without CR LF) is in {@link #line}. */
  private boolean lineFrom(ByteBuffer in) throws Malformed {
    while (in.hasRemaining()) {
      byte b = in.get();
      count(1, false);
      if (b == '\n') {
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
          lineLength--;
        }
        return true;
      }
      if (lineLength == MAX_LINE) {
        throw new Malformed("a line of the answer is longer than " + MAX_LINE + " bytes");
      }
      line[lineLength++] = b;
    }
    if (state == State.STATUS || state == State.HEADER) {
      if (headBytes > MAX_HEAD) {
        throw new Malformed("the answer's head is longer than " + MAX_HEAD + " bytes");
      }
    }
    return false;
  }

  private void onLine() throws Malformed {
    int n = lineLength;
    lineLength = 0;
    if (headBytes > MAX_HEAD && (state == State.STATUS || state == State.HEADER)) {
      throw new Malformed("the answer's head is longer than " + MAX_HEAD + " bytes");
    }
    switch (state) {
      case STATUS -> statusLine(n);
      case HEADER -> {
        if (n == 0) {
          endOfHead();
        } else {
          headerLine(n);
        }
      }
      case CHUNK_SIZE -> chunkSize(n);
      case CHUNK_END -> {
        if (n != 0) {
          throw new Malformed("a chunk is longer than its size says");
        }
        state = State.CHUNK_SIZE;
      }
      case TRAILER -> state = n == 0 ? State.DONE : State.TRAILER;
      default -> throw new IllegalStateException(state.name());
    }
  }

  private void statusLine(int n) throws Malformed {
    // "HTTP/1.1 200" at least, then optionally a space and a reason phrase.
    boolean ok =
        n >= 12
            && startsWith(line, "HTTP/1.")
            && (line[7] == '0' || line[7] == '1')
            && line[8] == ' '
            && digit(line[9])
            && digit(line[10])
            && digit(line[11])
            && (n == 12 || line[12] == ' ');
    if (!ok) {
      throw new Malformed("the answer does not start with HTTP/1.x and a status: " + shown(n));
    }
    http10 = line[7] == '0';
    keepAlive = !http10;
    status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    state = State.HEADER;
  }

  private void headerLine(int n) throws Malformed {
    int colon = 0;
    while (colon < n && line[colon] != ':') {
      colon++;
    }
    if (colon == 0 || colon == n) {
      throw new Malformed("a header line has no name and colon: " + shown(n));
    }
    int from = colon + 1;
    int to = n;
    while (from < to && (line[from] == ' ' || line[from] == '\t')) {
      from++;
    }
    while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
      to--;
    }
    if (named(CONTENT_LENGTH, colon)) {
      contentLength(from, to);
    } else if (named(TRANSFER_ENCODING, colon)) {
      chunked = lastTokenIsChunked(from, to);
    } else if (named(CONNECTION, colon)) {
      connection(from, to);
    }
    for (int i = 0; i < captureNames.length; i++) {
      if (capturedLength[i] < 0 && named(captureNames[i], colon)) {
        System.arraycopy(line, from, captured[i], 0, to - from);
        capturedLength[i] = to - from;
      }
    }
  }

  private void contentLength(int from, int to) throws Malformed {
    long value = 0;
    if (from == to || to - from > 18) {
      throw new Malformed("Content-Length is not a number of bytes: " + shown(to));
    }
    for (int i = from; i < to; i++) {
      if (!digit(line[i])) {
        throw new Malformed("Content-Length is not a number of bytes: " + shown(to));
      }
      value = value * 10 + (line[i] - '0');
    }
    if (contentLength >= 0 && contentLength != value) {
      throw new Malformed("two Content-Length headers differ: " + contentLength + " and " + value);
    }
    contentLength = value;
  }

  /** The Connection header's comma-separated tokens, compared in place without a String. */
  private void connection(int from, int to) {
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || line[i] == ',') {
        int a = start;
        int b = i;
        while (a < b && (line[a] == ' ' || line[a] == '\t')) {
          a++;
        }
        while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t')) {
          b--;
        }
        if (token(CLOSE, a, b)) {
          keepAlive = false;
          return;
        }
        if (token(KEEP_ALIVE, a, b) && http10) {
          keepAlive = true;
        }
        start = i + 1;
      }
    }
  }

  private boolean token(byte[] lower, int from, int to) {
    if (to - from != lower.length) {
      return false;
    }
    for (int i = 0; i < lower.length; i++) {
      if (lower(line[from + i]) != lower[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
  }

  private void endOfHead() {
    if (status >= 100 && status < 200) {
      state = State.STATUS; // an interim answer; the real one follows
      return;
    }
    if (headRequest || status == 204 || status == 304) {
      state = State.DONE;
    } else if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (contentLength >= 0) {
      remaining = contentLength;
      state = remaining == 0 ? State.DONE : State.BODY;
    } else {
      keepAlive = false; // the body ends when the connection does
      state = State.BODY_TO_CLOSE;
    }
  }

  private void chunkSize(int n) throws Malformed {
    long size = 0;
    int i = 0;
    while (i < n && line[i] != ';' && line[i] != ' ' && line[i] != '\t') {
      int d = Character.digit(line[i], 16);
      if (d < 0 || i >= 15) {
        throw new Malformed("a chunk size is not a hex number: " + shown(n));
      }
      size = size * 16 + d;
      i++;
    }
    if (i == 0) {
      throw new Malformed("a chunk size is not a hex number: " + shown(n));
    }
    remaining = size;
    state = size == 0 ? State.TRAILER : State.CHUNK_DATA;
  }

  /** Whether the last coding of a Transfer-Encoding value is chunked (RFC 9112 section 6.3). */
  private boolean lastTokenIsChunked(int from, int to) {
    int start = to;
    while (start > from && line[start - 1] != ',') {
      start--;
    }
    while (start < to && (line[start] == ' ' || line[start] == '\t')) {
      start++;
    }
    return token(CHUNKED, start, to);
  }

  private boolean named(byte[] lowerName, int colon) {
    return token(lowerName, 0, colon);
  }

  private String shown(int n) {
    String s = new String(line, 0, Math.min(n, 80), StandardCharsets.ISO_8859_1);
    return "'" + s.replaceAll("[^\\x20-\\x7e]", "?") + (n > 80 ? "...'" : "'");
  }

  private static boolean startsWith(byte[] bytes, String prefix) {
    for (int i = 0; i < prefix.length(); i++) {
      if (bytes[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean digit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
