package workshop.support.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP/1.1 keep-alive connection, written for the hot paths (the load generator and the
 * balancer's forwarding): it sends bytes it is given and reads one answer (status line, headers,
 * and a body framed by Content-Length, chunked encoding, or the end of the connection). General use
 * goes through {@link WebClient}.
 *
 * <p>Not thread-safe: one caller at a time. After an exchange, {@link #reusable()} says whether the
 * connection may carry the next one.
 */
final class HttpConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private byte[] buf = new byte[8192];
  private int start;
  private int end;
  private boolean reusable = true;
  private int exchanges;
  private final RequestBytes request = new RequestBytes(1024);

  /** The deadline of the exchange in progress, {@link #NO_DEADLINE}, or {@link #EXPIRED}. */
  private final AtomicLong deadline = new AtomicLong(NO_DEADLINE);

  private static final long NO_DEADLINE = 0;
  private static final long EXPIRED = Long.MIN_VALUE;

  HttpConnection(String host, int port, int connectTimeoutMillis) throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    socket = s;
    in = s.getInputStream();
    out = s.getOutputStream();
  }

  /** True when this connection carried an earlier exchange (so it may have gone stale). */
  boolean reused() {
    return exchanges > 0;
  }

  boolean reusable() {
    return reusable && !socket.isClosed();
  }

  /**
   * Sends {@code request} (head and body, already encoded) and reads the answer.
   *
   * @param noBody true for answers that never have a body (HEAD requests)
   * @throws ConnectionClosedEarly when the peer closed before sending any byte of an answer
   */
  ClientResponse exchange(byte[] request, int timeoutMillis, boolean noBody) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    exchanges++;
    out.write(request);
    out.flush();
    return readAnswer(noBody);
  }

  /**
   * Encodes a request into this connection's own buffer (reused from one exchange to the next),
   * sends it and reads the answer. Same contract as {@link #exchange(byte[], int, boolean)}, except
   * for the timeout: the reads here wait without one, and the caller's watchdog calls {@link
   * #expire} when the deadline passes. (A read with a socket timeout parks its virtual thread with
   * a timer scheduled and cancelled per read, which cost the balancer about 6 us of CPU per
   * request.)
   *
   * @param headers must not contain framing or connection headers (they are skipped)
   * @param body null for none
   * @param deadlineNanos when the exchange must have ended, on {@link System#nanoTime}'s scale
   * @throws SocketTimeoutException when {@link #expire} ended the exchange
   */
  ClientResponse exchange(
      String method,
      String target,
      String hostPort,
      Map<String, String> headers,
      byte[] body,
      long deadlineNanos)
      throws IOException {
    socket.setSoTimeout(0);
    // Two values are taken as markers; a deadline landing on one moves by a nanosecond.
    deadline.set(
        deadlineNanos == NO_DEADLINE || deadlineNanos == EXPIRED
            ? deadlineNanos + 1
            : deadlineNanos);
    try {
      return send(method, target, hostPort, headers, body);
    } catch (IOException e) {
      if (deadline.get() == EXPIRED) {
        throw new SocketTimeoutException("the answer did not arrive before the deadline");
      }
      throw e;
    } finally {
      deadline.set(NO_DEADLINE);
    }
  }

  /**
   * Ends the exchange in progress if its deadline has passed, by closing the socket (its blocked
   * read then fails, and {@link #exchange} reports a timeout). Safe from any thread.
   *
   * @return true when it ended one
   */
  boolean expire(long nowNanos) {
    long d = deadline.get();
    // The compare-and-set fails if that exchange ended meanwhile (and perhaps a new one began).
    if (d != NO_DEADLINE
        && d != EXPIRED
        && nowNanos - d > 0
        && deadline.compareAndSet(d, EXPIRED)) {
      close();
      return true;
    }
    return false;
  }

  private ClientResponse send(
      String method, String target, String hostPort, Map<String, String> headers, byte[] body)
      throws IOException {
    exchanges++;
    request.clear();
    request.head(method, target, hostPort, headers, body);
    boolean together = body == null || body.length <= BODY_IN_ONE_WRITE;
    if (together && body != null) {
      request.append(body, 0, body.length);
    }
    out.write(request.bytes, 0, request.length);
    if (!together) {
      out.write(body);
    }
    return readAnswer(method.equals("HEAD"));
  }

  private ClientResponse readAnswer(boolean noBody) throws IOException {
    int headerEnd = finalHead();
    int status = status();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    long length = -1;
    boolean chunked = false;
    int line = indexOf(CRLF, start) + 2;
    while (line < headerEnd) {
      int eol = indexOf(CRLF, line);
      int colon = indexOf(COLON, line);
      if (colon > 0 && colon < eol) {
        String name = text(line, colon);
        String value = text(colon + 1, eol);
        headers.add(Map.entry(name, value));
        if (name.equalsIgnoreCase("Content-Length")) {
          length = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
          chunked = value.equalsIgnoreCase("chunked");
        } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
          reusable = false;
        }
      }
      line = eol + 2;
    }
    start = headerEnd + 4;
    byte[] body;
    if (noBody || status == 204 || status == 304 || (status >= 100 && status < 200)) {
      body = new byte[0];
    } else if (chunked) {
      body = readChunked();
    } else if (length >= 0) {
      body = read(length);
    } else {
      body = readToEnd();
      reusable = false;
    }
    return new ClientResponse(status, headers, body);
  }

  /**
   * Reads until the head of the final answer is buffered, skipping interim ones (100 Continue, 103
   * Early Hints), which a client must accept and ignore (RFC 9110 section 15.2); returns where the
   * head's blank line starts.
   */
  private int finalHead() throws IOException {
    while (true) {
      int headerEnd;
      while ((headerEnd = indexOf(CRLFCRLF, start)) < 0) {
        if (!fill()) {
          reusable = false;
          if (end == start) {
            throw new ConnectionClosedEarly();
          }
          throw new IOException("connection closed in the middle of an answer");
        }
      }
      if (headerEnd - start < 12 || buf[start] != 'H' || buf[start + 8] != ' ') {
        reusable = false;
        throw new IOException("not an HTTP answer");
      }
      int status = status();
      if (status < 100 || status >= 200 || status == 101) {
        return headerEnd;
      }
      start = headerEnd + 4;
    }
  }

  private int status() {
    return (buf[start + 9] - '0') * 100 + (buf[start + 10] - '0') * 10 + (buf[start + 11] - '0');
  }

  @Override
  public void close() {
    reusable = false;
    try {
      socket.close();
    } catch (IOException e) {
      // Already gone.
    }
  }

  /** The peer closed an idle keep-alive connection before answering: the request never ran. */
  static final class ConnectionClosedEarly extends IOException {
    ConnectionClosedEarly() {
      super("the connection was closed before any answer");
    }
  }

  private byte[] read(long n) throws IOException {
    if (n > Integer.MAX_VALUE - 16) {
      throw new IOException("answer body too large: " + n + " bytes");
    }
    byte[] body = new byte[(int) n];
    int got = 0;
    while (got < n) {
      if (start == end && !fill()) {
        reusable = false;
        throw new IOException("connection closed in the middle of a body");
      }
      int take = (int) Math.min(n - got, end - start);
      System.arraycopy(buf, start, body, got, take);
      start += take;
      got += take;
    }
    return body;
  }

  private byte[] readChunked() throws IOException {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    while (true) {
      int eol;
      while ((eol = indexOf(CRLF, start)) < 0) {
        if (!fill()) {
          throw new IOException("connection closed in a chunk header");
        }
      }
      String sizeText = text(start, eol);
      int semi = sizeText.indexOf(';');
      long size = Long.parseLong((semi < 0 ? sizeText : sizeText.substring(0, semi)).trim(), 16);
      start = eol + 2;
      if (size == 0) {
        // Trailers (rare) end with an empty line.
        while (true) {
          while ((eol = indexOf(CRLF, start)) < 0) {
            if (!fill()) {
              throw new IOException("connection closed after the last chunk");
            }
          }
          boolean empty = eol == start;
          start = eol + 2;
          if (empty) {
            return body.toByteArray();
          }
        }
      }
      body.write(read(size));
      read(2);
    }
  }

  private byte[] readToEnd() throws IOException {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    do {
      body.write(buf, start, end - start);
      start = end;
    } while (fill());
    return body.toByteArray();
  }

  /** Reads more bytes; false at the end of the stream. */
  private boolean fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      return false;
    }
    end += n;
    return true;
  }

  private int indexOf(byte[] needle, int from) {
    outer:
    for (int i = from; i <= end - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buf[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The bytes as text, without surrounding whitespace (trimmed before copying). */
  private String text(int from, int to) {
    while (from < to && buf[from] <= ' ') {
      from++;
    }
    while (to > from && buf[to - 1] <= ' ') {
      to--;
    }
    return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** Encodes a request head; {@code headers} must not contain framing or connection headers. */
  static byte[] encode(
      String method, String target, String hostPort, Map<String, String> headers, byte[] body) {
    RequestBytes r = new RequestBytes(256);
    r.head(method, target, hostPort, headers, body);
    if (body != null) {
      r.append(body, 0, body.length);
    }
    return Arrays.copyOf(r.bytes, r.length);
  }

  /** Bodies up to this size go out in the same write (and TCP segment) as the head. */
  private static final int BODY_IN_ONE_WRITE = 16 * 1024;

  /** A request being encoded: a growable byte array written as ASCII, with no String built. */
  private static final class RequestBytes {
    byte[] bytes;
    int length;

    RequestBytes(int capacity) {
      bytes = new byte[capacity];
    }

    void clear() {
      length = 0;
    }

    void head(
        String method, String target, String hostPort, Map<String, String> headers, byte[] body) {
      append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ").append(hostPort);
      append("\r\n");
      for (var h : headers.entrySet()) {
        String name = h.getKey();
        if (name.equalsIgnoreCase("Host")
            || name.equalsIgnoreCase("Content-Length")
            || name.equalsIgnoreCase("Transfer-Encoding")
            || name.equalsIgnoreCase("Connection")) {
          continue;
        }
        append(name).append(": ").append(h.getValue()).append("\r\n");
      }
      boolean sendsBody = body != null || method.equals("POST") || method.equals("PUT");
      if (sendsBody) {
        append("Content-Length: ").append(Integer.toString(body == null ? 0 : body.length));
        append("\r\n");
      }
      append("\r\n");
    }

    /** Appends text as ISO-8859-1, as {@code getBytes(ISO_8859_1)} would ('?' beyond it). */
    RequestBytes append(String s) {
      reserve(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        bytes[length++] = c <= 0xFF ? (byte) c : (byte) '?';
      }
      return this;
    }

    void append(byte[] b, int from, int n) {
      reserve(n);
      System.arraycopy(b, from, bytes, length, n);
      length += n;
    }

    private void reserve(int n) {
      if (length + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + n));
      }
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
  private static final byte[] COLON = {':'};
}
