package workshop.support.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link WebServer.Engine#VIRTUAL_THREAD_PER_CONNECTION}: an HTTP/1.1 server in which each
 * connection has its own virtual thread. That thread reads a request straight off the socket into
 * the connection's own buffer, runs the {@link WebServer}'s handler chain, writes the answer, and
 * reads the next request. One thread accepts connections.
 *
 * <p>Why it exists: the JDK's server parses every request on one dispatcher thread, hands it to a
 * handler thread, and returns the connection to the dispatcher after the answer: every hand-off
 * wakes a thread. A node can afford that; the balancer, a server and a client for every request,
 * spent about a quarter less CPU per request once it moved here (44 to 33 us, docs/PERFORMANCE.md).
 * Here a request never changes thread, and a blocked read parks a virtual thread (a few KiB), not a
 * platform thread, so thousands of idle keep-alive connections are cheap.
 *
 * <p>What it implements of RFC 9112 (HTTP/1.1 message syntax):
 *
 * <ul>
 *   <li>Request line {@code METHOD target HTTP/1.x}: the target in origin form ({@code
 *       /path?query}) or absolute form ({@code http://host/path}, reduced to its path). Malformed:
 *       400; longer than {@value #MAX_REQUEST_LINE_BYTES} bytes: 414; another HTTP version: 505.
 *   <li>Header fields {@code Name: value}: at most {@value #MAX_HEADER_COUNT} of them and {@value
 *       #MAX_HEAD_BYTES} bytes in all, else 431. A line without a colon, whitespace before the
 *       colon, a control character, or an obsolete folded line: 400. HTTP/1.1 needs exactly one
 *       {@code Host}.
 *   <li>Request bodies framed by {@code Content-Length} (not a number, or two that disagree: 400)
 *       or by {@code Transfer-Encoding: chunked}, which is decoded (chunk extensions and trailers
 *       are read and ignored). Any other transfer coding: 501. Both framings at once: 400, since a
 *       proxy and a backend that disagree about where a body ends is how requests are smuggled. A
 *       body over the server's limit: 413, sent before reading it.
 *   <li>{@code Expect: 100-continue} gets {@code 100 Continue} before the body is read, or the
 *       final answer (413) instead; curl sends it for bodies over 1 KiB and waits a second for it.
 *   <li>Persistence: HTTP/1.1 keeps the connection unless either side says {@code Connection:
 *       close}; HTTP/1.0 closes it unless the request says {@code Connection: keep-alive}.
 *       Pipelined requests are answered in order. A connection idle for the idle timeout is closed.
 *   <li>Answers carry {@code Content-Length} (handlers return whole bodies, so never chunked) and
 *       {@code Date}; an answer to HEAD has the headers of the GET and no body (a proxy, which has
 *       no body to show, sets the {@code Content-Length} it got from its backend).
 * </ul>
 *
 * <p>Invariants: only a connection's own thread reads or writes its socket ({@link #close} and the
 * idle sweeper only close it). After any error found while parsing, the connection answers and then
 * closes: once framing is in doubt, nobody knows where the next request starts, and guessing is how
 * one client's bytes end up in another request. Before closing it keeps reading (and discarding)
 * for up to {@value #LINGER_MILLIS} ms, so the client reads the error instead of a connection reset
 * caused by unread data.
 *
 * <p>Not here: TLS, HTTP/2, {@code Upgrade}, answers streamed while the handler runs.
 */
final class VirtualThreadTransport implements WebServer.Transport {
  /** Longest request line; 8 KiB is the usual server default (nginx, Tomcat) for URLs. */
  static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;

  /** Largest request head (request line and header fields): room for big cookies and tokens. */
  static final int MAX_HEAD_BYTES = 64 * 1024;

  /** Most header fields in one request; Tomcat's default too, far above what browsers send. */
  static final int MAX_HEADER_COUNT = 100;

  /** Longest chunk-size line (hex size plus extensions, which no client we know sends). */
  static final int MAX_CHUNK_LINE_BYTES = 1024;

  /** How long a connection keeps draining the client's bytes after an error answer. */
  static final int LINGER_MILLIS = 1000;

  /** A connection's first buffer; it grows for large heads. Most requests fit in far less. */
  private static final int BUFFER_BYTES = 8 * 1024;

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final WebServer server;
  private final ServerSocket listener;
  private final long idleNanos;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final Thread sweeper;
  private volatile boolean closing;

  VirtualThreadTransport(
      WebServer server, InetSocketAddress address, int backlog, Duration idleTimeout)
      throws IOException {
    this.server = server;
    this.idleNanos = Math.max(1, idleTimeout.toNanos());
    ServerSocket s = new ServerSocket();
    try {
      s.bind(address, backlog);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    this.listener = s;
    // Not a daemon, like the JDK server's dispatcher: a started server keeps the JVM alive.
    this.acceptor = Thread.ofPlatform().name(server.name() + "-accept").start(this::acceptLoop);
    this.sweeper = Thread.ofVirtual().name(server.name() + "-idle-sweeper").start(this::sweepLoop);
  }

  @Override
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** Stops accepting, closes every connection and waits up to 2 s for their threads to end. */
  @Override
  public void close() {
    closing = true;
    try {
      listener.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    sweeper.interrupt();
    for (Connection c : connections) {
      c.stop();
    }
    long deadline = System.nanoTime() + 2_000_000_000L;
    try {
      acceptor.join(Duration.ofSeconds(1));
      for (Connection c : connections) {
        long left = deadline - System.nanoTime();
        Thread t = c.thread;
        if (left > 0 && t != null) {
          t.join(Duration.ofNanos(left));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Connections currently open (for tests: a closed client must not leave one behind). */
  int openConnections() {
    return connections.size();
  }

  private void acceptLoop() {
    Thread.Builder threads = Thread.ofVirtual().name(server.name() + "-connection-", 1);
    while (!closing) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!closing) {
          // Out of file descriptors, most likely: give connections a moment to finish.
          pause(10);
        }
        continue;
      }
      Connection c = new Connection(socket);
      connections.add(c);
      c.thread = threads.unstarted(c);
      c.thread.start();
      if (closing) {
        c.stop(); // close() may have looked at the set before this connection was in it
      }
    }
  }

  /**
   * Closes connections whose read has waited longer than the idle timeout: between requests (an
   * idle keep-alive connection) or inside one (a client that stopped sending). One sweep every
   * quarter of the timeout, rather than a timer per read: a timed read parks its virtual thread
   * with a timer that must be scheduled and cancelled each time, which cost the balancer about 2 us
   * of CPU per request (27 against 25, measured).
   */
  private void sweepLoop() {
    long every = Math.clamp(idleNanos / 4, 10_000_000L, 1_000_000_000L);
    while (!closing) {
      try {
        Thread.sleep(Duration.ofNanos(every));
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (Connection c : connections) {
        long deadline = c.readDeadline;
        if (deadline != 0 && now - deadline > 0) {
          c.closeSocket(); // its blocked read fails, and its thread ends
        }
      }
    }
  }

  /** One client connection and the thread that serves it, one request after another. */
  private final class Connection implements Runnable {
    private final Socket socket;
    private final String remote;
    private InputStream in;
    private OutputStream out;
    private volatile Thread thread;

    /** When the read in progress times out ({@link System#nanoTime}); 0 while not reading. */
    private volatile long readDeadline;

    /** Bytes read and not yet consumed are {@code buf[start, end)}. */
    private byte[] buf = new byte[BUFFER_BYTES];

    private int start;
    private int end;

    /** The answer being written: its head, and its body too when both fit. */
    private byte[] answer = new byte[BUFFER_BYTES];

    private int answerLength;

    Connection(Socket socket) {
      this.socket = socket;
      this.remote = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    @Override
    public void run() {
      try {
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        while (!closing && serveOne()) {
          // next request on the same connection
        }
      } catch (IOException e) {
        // The client went away, stayed idle too long, or the server is closing: nobody to answer.
      } catch (RuntimeException e) {
        System.err.println("[" + server.name() + "] connection from " + remote + " failed: " + e);
      } finally {
        closeSocket();
        connections.remove(this);
      }
    }

    /** Called by {@link VirtualThreadTransport#close}: unblocks the thread wherever it waits. */
    void stop() {
      closeSocket();
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    }

    private void closeSocket() {
      try {
        socket.close();
      } catch (IOException e) {
        // Already closed.
      }
    }

    /** Reads one request and answers it; returns whether the connection carries on. */
    private boolean serveOne() throws IOException {
      try {
        Head head = readHead();
        if (head == null) {
          return false; // the client closed between requests
        }
        if (!server.admit(head.peer(remote), head.method, head.path)) {
          return false; // the fault seam dropped or rejected it: close without an answer
        }
        byte[] body = readBody(head);
        Request request =
            Request.parsed(head.method, head.path, head.query, head.headers, body, remote);
        Response response = server.handle(request);
        boolean keepAlive = head.keepAlive() && !closing && !asksToClose(response);
        write(response, head.method.equals("HEAD"), keepAlive, head.http10);
        return keepAlive;
      } catch (HttpError e) {
        write(e.toResponse(), false, false, false);
        lingerThenClose();
        return false;
      }
    }

    // ---- reading a request ----------------------------------------------------------------------

    /** The request line and header fields; null when the stream ends before a request starts. */
    private Head readHead() throws IOException {
      int lf = requestLineEnd();
      if (lf < 0) {
        return null;
      }
      Head head = requestLine(start, contentEnd(lf));
      int headBytes = lf + 1 - start;
      start = lf + 1;
      int fields = 0;
      while (true) {
        lf = nextLineFeed(MAX_HEAD_BYTES - headBytes, VirtualThreadTransport::headTooLarge);
        if (lf < 0) {
          throw new EOFException("the client closed the connection inside a request head");
        }
        int lineEnd = contentEnd(lf);
        headBytes += lf + 1 - start;
        if (lineEnd == start) {
          start = lf + 1;
          head.finish();
          return head;
        }
        if (++fields > MAX_HEADER_COUNT) {
          throw new HttpError(
              431,
              "too_many_headers",
              "a request may carry at most " + MAX_HEADER_COUNT + " header fields");
        }
        headerField(head, start, lineEnd);
        start = lf + 1;
      }
    }

    /** Finds the request line, skipping empty lines before it (RFC 9112 section 2.2). */
    private int requestLineEnd() throws IOException {
      for (int skipped = 0; ; skipped++) {
        int lf = nextLineFeed(MAX_REQUEST_LINE_BYTES, VirtualThreadTransport::requestLineTooLong);
        if (lf < 0) {
          if (start == end) {
            return -1;
          }
          throw new EOFException("the client closed the connection inside a request line");
        }
        if (contentEnd(lf) > start || skipped == 8) {
          return lf;
        }
        start = lf + 1;
      }
    }

    private Head requestLine(int from, int to) {
      int sp1 = indexOf(' ', from, to);
      int sp2 = sp1 < 0 ? -1 : indexOf(' ', sp1 + 1, to);
      if (sp1 <= from || sp2 <= sp1 + 1 || indexOf(' ', sp2 + 1, to) >= 0 || !token(from, sp1)) {
        throw HttpError.badRequest(
            "malformed request line '"
                + text(from, to)
                + "'; expected METHOD /path HTTP/1.1, such as GET / HTTP/1.1");
      }
      Head head = new Head(method(from, sp1), http10(sp2 + 1, to));
      int target = sp1 + 1;
      for (int i = target; i < sp2; i++) {
        if (buf[i] <= ' ' || buf[i] >= 0x7F) {
          throw HttpError.badRequest(
              "the request target contains a space or non-ASCII byte; percent-encode it");
        }
      }
      target = originForm(target, sp2);
      int q = indexOf('?', target, sp2);
      head.path = target == sp2 ? "/" : text(target, q < 0 ? sp2 : q);
      head.query = q < 0 ? null : text(q + 1, sp2);
      return head;
    }

    /** Where the path starts: skips {@code http://host:port} of an absolute-form target. */
    private int originForm(int from, int to) {
      if (buf[from] == '/') {
        return from;
      }
      String prefix = text(from, Math.min(to, from + 8)).toLowerCase(Locale.ROOT);
      int afterScheme =
          prefix.startsWith("http://") ? from + 7 : prefix.startsWith("https://") ? from + 8 : -1;
      if (afterScheme < 0) {
        throw HttpError.badRequest(
            "the request target '" + text(from, to) + "' must be a path starting with '/'");
      }
      int slash = indexOf('/', afterScheme, to);
      return slash < 0 ? to : slash;
    }

    private boolean http10(int from, int to) {
      if (to - from == 8 && startsWith(from, "HTTP/1.")) {
        if (buf[from + 7] == '1') {
          return false;
        }
        if (buf[from + 7] == '0') {
          return true;
        }
      }
      if (to - from == 8 && startsWith(from, "HTTP/") && buf[from + 6] == '.') {
        throw new HttpError(
            505, "http_version_not_supported", "this server speaks HTTP/1.1 and HTTP/1.0");
      }
      throw HttpError.badRequest(
          "malformed request line: '" + text(from, to) + "' is not HTTP/1.1 or HTTP/1.0");
    }

    private void headerField(Head head, int from, int to) {
      if (buf[from] == ' ' || buf[from] == '\t') {
        throw HttpError.badRequest(
            "a header line starts with whitespace (obsolete line folding); put each field on"
                + " one line");
      }
      int colon = indexOf(':', from, to);
      if (colon <= from || !token(from, colon)) {
        throw HttpError.badRequest(
            "malformed header line '" + text(from, to) + "'; expected 'Name: value'");
      }
      int v = colon + 1;
      int w = to;
      while (v < w && (buf[v] == ' ' || buf[v] == '\t')) {
        v++;
      }
      while (w > v && (buf[w - 1] == ' ' || buf[w - 1] == '\t')) {
        w--;
      }
      String name = text(from, colon);
      for (int i = v; i < w; i++) {
        if ((buf[i] < 0x20 && buf[i] != '\t') || buf[i] == 0x7F) {
          throw HttpError.badRequest("header " + name + " contains a control character");
        }
      }
      head.field(name, text(v, w));
    }

    private byte[] readBody(Head head) throws IOException {
      int limit = server.maxBodyBytes();
      if (head.chunked) {
        sayContinue(head);
        return readChunked(limit);
      }
      if (head.contentLength <= 0) {
        return EMPTY;
      }
      if (head.contentLength > limit) {
        throw WebServer.bodyTooLarge(head.contentLength, limit);
      }
      sayContinue(head);
      byte[] body = new byte[(int) head.contentLength];
      readFully(body, 0, body.length);
      return body;
    }

    /** Tells a client waiting for it to send the body, unless the body is already arriving. */
    private void sayContinue(Head head) throws IOException {
      if (head.expectContinue && start == end) {
        out.write(CONTINUE);
      }
    }

    private byte[] readChunked(int limit) throws IOException {
      byte[] body = new byte[Math.min(limit, BUFFER_BYTES)];
      int length = 0;
      while (true) {
        long size = chunkSize();
        if (size == 0) {
          skipTrailers();
          return Arrays.copyOf(body, length);
        }
        if (size > limit - length) {
          throw WebServer.bodyTooLarge(-1, limit);
        }
        if (length + size > body.length) {
          body =
              Arrays.copyOf(body, (int) Math.min(limit, Math.max(2L * body.length, length + size)));
        }
        readFully(body, length, (int) size);
        length += (int) size;
        int lf = nextLineFeed(2, VirtualThreadTransport::chunkTooLong);
        if (lf < 0 || contentEnd(lf) != start) {
          throw chunkTooLong();
        }
        start = lf + 1;
      }
    }

    private long chunkSize() throws IOException {
      int lf = nextLineFeed(MAX_CHUNK_LINE_BYTES, VirtualThreadTransport::malformedChunk);
      if (lf < 0) {
        throw new EOFException("the client closed the connection inside a chunked body");
      }
      int to = contentEnd(lf);
      long size = 0;
      int i = start;
      for (; i < to && Character.digit(buf[i], 16) >= 0; i++) {
        size = i - start < 15 ? size * 16 + Character.digit(buf[i], 16) : Long.MAX_VALUE;
      }
      if (i == start || (i < to && buf[i] != ';' && buf[i] != ' ' && buf[i] != '\t')) {
        throw malformedChunk();
      }
      start = lf + 1;
      return size;
    }

    private void skipTrailers() throws IOException {
      for (int bytes = 0; ; ) {
        int lf = nextLineFeed(MAX_HEAD_BYTES - bytes, VirtualThreadTransport::headTooLarge);
        if (lf < 0) {
          throw new EOFException("the client closed the connection inside the trailers");
        }
        boolean last = contentEnd(lf) == start;
        bytes += lf + 1 - start;
        start = lf + 1;
        if (last) {
          return;
        }
      }
    }

    /**
     * Copies {@code n} body bytes into {@code dst}: first what is buffered, then off the socket.
     */
    private void readFully(byte[] dst, int offset, int n) throws IOException {
      int have = Math.min(n, end - start);
      System.arraycopy(buf, start, dst, offset, have);
      start += have;
      while (have < n) {
        int got = read(dst, offset + have, n - have);
        if (got < 0) {
          throw new EOFException("the client closed the connection inside a request body");
        }
        have += got;
      }
    }

    /**
     * The index of the next line feed at or after {@code start}, reading more as needed; -1 when
     * the stream ends first.
     *
     * @throws HttpError from {@code tooLong} when {@code limit} bytes pass without one
     */
    private int nextLineFeed(int limit, Supplier<HttpError> tooLong) throws IOException {
      int scanned = 0; // bytes after start known to hold no line feed; survives compaction
      while (true) {
        for (int i = start + scanned; i < end; i++) {
          if (buf[i] == '\n') {
            if (i - start > limit) {
              throw tooLong.get();
            }
            return i;
          }
        }
        scanned = end - start;
        if (scanned > limit) {
          throw tooLong.get();
        }
        if (!fill()) {
          return -1;
        }
      }
    }

    /** Reads more bytes after {@code end}, making room first; false at the end of the stream. */
    private boolean fill() throws IOException {
      if (start == end) {
        start = end = 0;
      } else if (end == buf.length) {
        if (start > 0) {
          System.arraycopy(buf, start, buf, 0, end - start);
          end -= start;
          start = 0;
        } else {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
      }
      int n = read(buf, end, buf.length - end);
      if (n < 0) {
        return false;
      }
      end += n;
      return true;
    }

    /** A socket read that the idle sweeper ends if it waits longer than the idle timeout. */
    private int read(byte[] into, int offset, int length) throws IOException {
      readDeadline = System.nanoTime() + idleNanos;
      try {
        return in.read(into, offset, length);
      } finally {
        readDeadline = 0;
      }
    }

    /**
     * After an error answer: drain what the client still sends, briefly, so it reads the answer.
     */
    private void lingerThenClose() {
      try {
        socket.shutdownOutput();
        long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
        for (long left = LINGER_MILLIS; left > 0; ) {
          socket.setSoTimeout((int) left);
          if (in.read(buf) < 0) {
            return;
          }
          left = (deadline - System.nanoTime()) / 1_000_000;
        }
      } catch (IOException e) {
        // Timed out or reset: either way the connection is done.
      }
    }

    // ---- writing an answer ----------------------------------------------------------------------

    private void write(Response r, boolean toHead, boolean keepAlive, boolean http10)
        throws IOException {
      int status = r.status();
      // RFC 9110 section 6.4.1: these never have a body, nor a Content-Length.
      boolean hasBody = status >= 200 && status != 204 && status != 304;
      answerLength = 0;
      append(statusLine(status));
      for (var h : r.headers().entrySet()) {
        String name = h.getKey();
        if (!framing(name)) {
          appendField(name);
          append(": ");
          appendField(h.getValue());
          append("\r\n");
        }
      }
      append(dateLine());
      byte[] body = r.body();
      if (hasBody) {
        contentLength(r, body, toHead);
      }
      append(keepAlive ? (http10 ? "Connection: keep-alive\r\n\r\n" : "\r\n") : CLOSE_END);
      boolean sendBody = hasBody && !toHead && body.length > 0;
      if (sendBody && answerLength + body.length <= answer.length) {
        append(body); // one write, one segment: small answers are the common case
        sendBody = false;
      }
      out.write(answer, 0, answerLength);
      if (sendBody) {
        out.write(body);
      }
    }

    /**
     * A HEAD answer's length is the GET's: the body a handler returned, or (from a proxy, which has
     * no body to show) the Content-Length it set; with neither it is left out.
     */
    private void contentLength(Response r, byte[] body, boolean toHead) {
      String declared = toHead && body.length == 0 ? r.header("Content-Length") : null;
      if (toHead && body.length == 0 && declared == null) {
        return;
      }
      append("Content-Length: ");
      appendField(declared != null ? declared : Integer.toString(body.length));
      append("\r\n");
    }

    private void append(String s) {
      reserve(s.length());
      for (int i = 0; i < s.length(); i++) {
        answer[answerLength++] = (byte) s.charAt(i);
      }
    }

    /** A header name or value from a handler, which cannot end the header early. */
    private void appendField(String s) {
      reserve(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        // A CR or LF here would let a value start a header of its own (response splitting).
        answer[answerLength++] = c == '\r' || c == '\n' || c > 0xFF ? (byte) ' ' : (byte) c;
      }
    }

    private void append(byte[] bytes) {
      reserve(bytes.length);
      System.arraycopy(bytes, 0, answer, answerLength, bytes.length);
      answerLength += bytes.length;
    }

    private void reserve(int n) {
      if (answerLength + n > answer.length) {
        answer = Arrays.copyOf(answer, Math.max(answer.length * 2, answerLength + n));
      }
    }

    // ---- bytes ----------------------------------------------------------------------------------

    /** Where a line's content ends: before its line feed, and before a carriage return there. */
    private int contentEnd(int lf) {
      return lf > start && buf[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private int indexOf(char c, int from, int to) {
      for (int i = from; i < to; i++) {
        if (buf[i] == c) {
          return i;
        }
      }
      return -1;
    }

    private boolean startsWith(int from, String prefix) {
      for (int i = 0; i < prefix.length(); i++) {
        if (buf[from + i] != prefix.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private boolean token(int from, int to) {
      for (int i = from; i < to; i++) {
        if (buf[i] < 0 || !TOKEN[buf[i]]) {
          return false;
        }
      }
      return true;
    }

    /** The common methods as constants, so a request does not allocate its method's name. */
    private String method(int from, int to) {
      for (String m : COMMON_METHODS) {
        if (m.length() == to - from && startsWith(from, m)) {
          return m;
        }
      }
      return text(from, to);
    }

    private String text(int from, int to) {
      return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }
  }

  /** What one request's head says about the request and its framing. */
  private static final class Head {
    final String method;
    final boolean http10;
    String path;
    String query;
    final TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    long contentLength = -1;
    boolean chunked;
    boolean expectContinue;
    private boolean close;
    private boolean keepAliveAsked;
    private int hosts;

    Head(String method, boolean http10) {
      this.method = method;
      this.http10 = http10;
    }

    void field(String name, String value) {
      headers.merge(name, List.of(value), Head::concat);
      if (name.equalsIgnoreCase("Content-Length")) {
        contentLength(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        transferEncoding(value);
      } else if (name.equalsIgnoreCase("Connection")) {
        for (String token : value.split(",")) {
          close |= token.trim().equalsIgnoreCase("close");
          keepAliveAsked |= token.trim().equalsIgnoreCase("keep-alive");
        }
      } else if (name.equalsIgnoreCase("Expect")) {
        if (!value.equalsIgnoreCase("100-continue")) {
          throw new HttpError(
              417,
              "expectation_failed",
              "only 'Expect: 100-continue' is understood, not '" + value + "'");
        }
        expectContinue = true;
      } else if (name.equalsIgnoreCase("Host")) {
        hosts++;
      }
    }

    private void contentLength(String value) {
      long n = 0;
      for (int i = 0; i < value.length(); i++) {
        int d = value.charAt(i) - '0';
        if (d < 0 || d > 9) {
          throw HttpError.badRequest(
              "Content-Length '" + value + "' is not a number of bytes, such as 42");
        }
        n = n < 100_000_000_000_000L ? n * 10 + d : Long.MAX_VALUE;
      }
      if (value.isEmpty() || (contentLength >= 0 && contentLength != n)) {
        throw HttpError.badRequest(
            value.isEmpty()
                ? "Content-Length is empty"
                : "two Content-Length headers disagree (" + contentLength + " and " + value + ")");
      }
      contentLength = n;
    }

    private void transferEncoding(String value) {
      if (!value.equalsIgnoreCase("chunked")) {
        throw new HttpError(
            501,
            "not_implemented",
            "Transfer-Encoding '"
                + value
                + "' is not supported; send the body with Content-Length or chunked");
      }
      if (chunked) {
        throw HttpError.badRequest("Transfer-Encoding: chunked appears twice");
      }
      chunked = true;
    }

    /** Checks what only the whole head can show. */
    void finish() {
      if (hosts > 1 || (hosts == 0 && !http10)) {
        throw HttpError.badRequest(
            hosts > 1
                ? "more than one Host header"
                : "an HTTP/1.1 request needs a Host header, such as Host: localhost:8080");
      }
      if (chunked && contentLength >= 0) {
        throw HttpError.badRequest(
            "both Content-Length and Transfer-Encoding: chunked; send one of them");
      }
      // RFC 9110 section 10.1.1: an HTTP/1.0 client cannot be waiting for 100 Continue.
      expectContinue &= !http10;
    }

    boolean keepAlive() {
      // RFC 9112 section 9.3; and 6.1: chunked from an HTTP/1.0 client is suspect, so close after.
      return http10 ? keepAliveAsked && !close && !chunked : !close;
    }

    /** Who sent this, as {@link Request#peer()} says, for the fault seam. */
    String peer(String remote) {
      List<String> declared = headers.get(Peers.HEADER);
      return declared != null && !declared.get(0).isBlank() ? declared.get(0) : remote;
    }

    private static List<String> concat(List<String> a, List<String> b) {
      List<String> all = new ArrayList<>(a);
      all.addAll(b);
      return all;
    }
  }

  // ---- constants and small pure helpers ---------------------------------------------------------

  private static final String[] COMMON_METHODS = {
    "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"
  };

  /** Response headers this transport writes itself, from the answer's framing. */
  private static boolean framing(String header) {
    return header.equalsIgnoreCase("Content-Length")
        || header.equalsIgnoreCase("Connection")
        || header.equalsIgnoreCase("Date")
        || header.equalsIgnoreCase("Transfer-Encoding");
  }

  private static final String CLOSE_END = "Connection: close\r\n\r\n";

  /** RFC 9110 section 5.6.2: the characters allowed in methods and header names. */
  private static final boolean[] TOKEN = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[Character.toUpperCase(c)] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TOKEN[c] = true;
    }
  }

  private static boolean asksToClose(Response response) {
    String connection = response.header("Connection");
    return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
  }

  private static HttpError requestLineTooLong() {
    return new HttpError(
        414,
        "uri_too_long",
        "the request line is longer than "
            + MAX_REQUEST_LINE_BYTES
            + " bytes; send data in a body");
  }

  private static HttpError headTooLarge() {
    return new HttpError(
        431,
        "headers_too_large",
        "the request head is larger than " + (MAX_HEAD_BYTES / 1024) + " KiB");
  }

  private static HttpError malformedChunk() {
    return HttpError.badRequest("malformed chunk size line in a chunked body");
  }

  private static HttpError chunkTooLong() {
    return HttpError.badRequest("a chunk of a chunked body is longer than its declared size");
  }

  private static final String[] STATUS_LINES = new String[600];

  /** {@code HTTP/1.1 200 OK\r\n}, built once per status. */
  private static String statusLine(int status) {
    if (status < 100 || status > 599) {
      status = 500;
    }
    String line = STATUS_LINES[status];
    if (line == null) {
      line = "HTTP/1.1 " + status + " " + reason(status) + "\r\n";
      STATUS_LINES[status] = line; // a race only builds the same string twice
    }
    return line;
  }

  private static String reason(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 101 -> "Switching Protocols";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 411 -> "Length Required";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 417 -> "Expectation Failed";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      default -> "";
    };
  }

  private record DateLine(long second, String line) {}

  private static volatile DateLine date = new DateLine(-1, "");

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  /** {@code Date: ...\r\n}, formatted once a second rather than once a request. */
  private static String dateLine() {
    long now = System.currentTimeMillis() / 1000;
    DateLine d = date;
    if (d.second != now) {
      d = new DateLine(now, "Date: " + IMF_FIXDATE.format(Instant.ofEpochSecond(now)) + "\r\n");
      date = d;
    }
    return d.line;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
