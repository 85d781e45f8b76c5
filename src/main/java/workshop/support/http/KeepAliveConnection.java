package workshop.support.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * One HTTP/1.1 keep-alive connection that sends the same request again and again, for the load
 * generator's hot path only. A pooled general-purpose client spends several times the server's own
 * cost per request on two cores; this sends pre-encoded bytes and parses just the status line and
 * the headers it needs (Content-Length, chunked bodies, Connection: close and one named header).
 * Everything else uses {@link WebClient}.
 *
 * <p>Not thread-safe: one per load worker. Reconnects by itself after the server closes.
 */
public final class KeepAliveConnection implements AutoCloseable {
  /** The answer to one request: its status and the value of the header asked for, or null. */
  public record Answer(int status, String header) {}

  private final String host;
  private final int port;
  private final byte[] request;
  private final int timeoutMillis;
  private final byte[] wantedHeader;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private byte[] buf = new byte[8192];
  private int start;
  private int end;

  /**
   * @param url the full URL to call, e.g. {@code http://127.0.0.1:5001/data}
   * @param body the body to send with every request, or null
   * @param wantedHeader a response header to report in {@link Answer#header()}, or null
   */
  public KeepAliveConnection(
      String method, String url, byte[] body, Duration timeout, String wantedHeader) {
    URI uri = URI.create(url);
    this.host = uri.getHost();
    this.port = uri.getPort() < 0 ? 80 : uri.getPort();
    this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
    this.wantedHeader =
        wantedHeader == null
            ? null
            : (wantedHeader.toLowerCase() + ":").getBytes(StandardCharsets.US_ASCII);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    StringBuilder head =
        new StringBuilder()
            .append(method)
            .append(' ')
            .append(path)
            .append(" HTTP/1.1\r\nHost: ")
            .append(host)
            .append(':')
            .append(port)
            .append("\r\nUser-Agent: dsworkshop\r\n")
            .append(Peers.HEADER)
            .append(": load-client\r\n");
    if (body != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ")
          .append(body.length)
          .append("\r\n");
    }
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    this.request = body == null ? h : concat(h, body);
  }

  /**
   * Sends the request once and reads the whole answer.
   *
   * @throws CallFailure when no complete answer arrives
   */
  public Answer call() {
    try {
      if (socket == null) {
        open();
      }
      out.write(request);
      out.flush();
      return readAnswer();
    } catch (SocketTimeoutException e) {
      close();
      throw new CallFailure(
          CallFailure.Kind.TIMEOUT,
          url(),
          "no answer from " + host + ":" + port + " within " + timeoutMillis + " ms",
          e);
    } catch (ConnectException e) {
      close();
      throw new CallFailure(
          CallFailure.Kind.REFUSED, url(), "nothing is listening on " + host + ":" + port, e);
    } catch (IOException e) {
      close();
      throw new CallFailure(
          CallFailure.Kind.RESET,
          url(),
          host + ":" + port + " closed the connection without answering",
          e);
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // Already broken.
      }
    }
    socket = null;
    start = 0;
    end = 0;
  }

  private void open() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(host, port), timeoutMillis);
    s.setSoTimeout(timeoutMillis);
    socket = s;
    in = s.getInputStream();
    out = s.getOutputStream();
  }

  private Answer readAnswer() throws IOException {
    int headerEnd;
    while ((headerEnd = indexOf(CRLFCRLF, start)) < 0) {
      fill();
    }
    int status = parseStatus();
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    String header = null;
    int line = indexOf(CRLF, start) + 2;
    while (line < headerEnd) {
      int eol = indexOf(CRLF, line);
      if (startsWithIgnoreCase(line, CONTENT_LENGTH)) {
        length = Long.parseLong(text(line + CONTENT_LENGTH.length, eol));
      } else if (startsWithIgnoreCase(line, TRANSFER_ENCODING)) {
        chunked = text(line + TRANSFER_ENCODING.length, eol).equalsIgnoreCase("chunked");
      } else if (startsWithIgnoreCase(line, CONNECTION)) {
        closeAfter = text(line + CONNECTION.length, eol).equalsIgnoreCase("close");
      } else if (wantedHeader != null && startsWithIgnoreCase(line, wantedHeader)) {
        header = text(line + wantedHeader.length, eol);
      }
      line = eol + 2;
    }
    start = headerEnd + 4;
    if (chunked) {
      skipChunked();
    } else if (length > 0) {
      skip(length);
    } else if (length < 0 && status >= 200 && status != 204 && status != 304) {
      closeAfter = true;
    }
    if (closeAfter) {
      close();
    }
    return new Answer(status, header);
  }

  private int parseStatus() throws IOException {
    // "HTTP/1.1 200 OK": the code is bytes 9-11 of the status line.
    if (end - start < 12 || buf[start] != 'H') {
      throw new IOException("not an HTTP answer");
    }
    return (buf[start + 9] - '0') * 100 + (buf[start + 10] - '0') * 10 + (buf[start + 11] - '0');
  }

  private void skipChunked() throws IOException {
    while (true) {
      int eol;
      while ((eol = indexOf(CRLF, start)) < 0) {
        fill();
      }
      String sizeText = text(start, eol);
      int semi = sizeText.indexOf(';');
      long size = Long.parseLong(semi < 0 ? sizeText : sizeText.substring(0, semi), 16);
      start = eol + 2;
      if (size == 0) {
        while ((eol = indexOf(CRLF, start)) < 0) {
          fill();
        }
        start = eol + 2;
        return;
      }
      skip(size + 2);
    }
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      if (start == end) {
        fill();
      }
      int take = (int) Math.min(left, end - start);
      start += take;
      left -= take;
    }
  }

  private void fill() throws IOException {
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
      throw new IOException("connection closed");
    }
    end += n;
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

  private boolean startsWithIgnoreCase(int at, byte[] lowerPrefix) {
    if (at + lowerPrefix.length > end) {
      return false;
    }
    for (int i = 0; i < lowerPrefix.length; i++) {
      int c = buf[at + i];
      if (c >= 'A' && c <= 'Z') {
        c += 32;
      }
      if (c != lowerPrefix[i]) {
        return false;
      }
    }
    return true;
  }

  private String text(int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.US_ASCII).trim();
  }

  private String url() {
    return "http://" + host + ":" + port;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
  private static final byte[] CONTENT_LENGTH = ascii("content-length:");
  private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding:");
  private static final byte[] CONNECTION = ascii("connection:");

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
