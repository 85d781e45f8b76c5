package workshop.support.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
    if (end - start < 12 || buf[start] != 'H' || buf[start + 8] != ' ') {
      reusable = false;
      throw new IOException("not an HTTP answer");
    }
    int status =
        (buf[start + 9] - '0') * 100 + (buf[start + 10] - '0') * 10 + (buf[start + 11] - '0');
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

  private String text(int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.ISO_8859_1).trim();
  }

  /** Encodes a request head; {@code headers} must not contain framing or connection headers. */
  static byte[] encode(
      String method, String target, String hostPort, Map<String, String> headers, byte[] body) {
    StringBuilder head =
        new StringBuilder(256)
            .append(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\nHost: ")
            .append(hostPort)
            .append("\r\n");
    for (var h : headers.entrySet()) {
      String name = h.getKey();
      if (name.equalsIgnoreCase("Host")
          || name.equalsIgnoreCase("Content-Length")
          || name.equalsIgnoreCase("Transfer-Encoding")
          || name.equalsIgnoreCase("Connection")) {
        continue;
      }
      head.append(name).append(": ").append(h.getValue()).append("\r\n");
    }
    boolean sendsBody = body != null || method.equals("POST") || method.equals("PUT");
    if (sendsBody) {
      head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (body == null || body.length == 0) {
      return h;
    }
    byte[] all = Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
  private static final byte[] COLON = {':'};
}
