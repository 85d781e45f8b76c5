package workshop.support.load;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import workshop.support.http.CallFailure;

/**
 * The load generator's engine: one thread, one selector (epoll on Linux), and {@code concurrency}
 * slots, each a request in a closed loop on a connection of its own, the way wrk drives its
 * connections. Each slot asks its {@link Driver} for the next request's target, writes the request
 * (encoded once per target, before the run), reads the answer through an {@link AnswerParser} and
 * reports it, timed from the write to the answer's last byte.
 *
 * <p>Why not a thread per connection: on two cores the client shares the CPU with the server it
 * measures, and ten blocked threads each woken per answer cost several times what one loop costs
 * (measured in docs/PERFORMANCE.md). Per request the loop makes a write, a read and its share of
 * one epoll wait, and allocates nothing.
 *
 * <p>Timeouts: every request has a deadline (connect, write and read together); the loop sweeps the
 * slots every {@value #SWEEP_MILLIS} ms, its timeouts' precision. A kept connection that turns out
 * to be closed before any byte of the answer arrived never delivered the request, and the request
 * is sent once more on a new connection, as {@code KeepAliveClient} does. Not thread-safe: {@link
 * #run} runs on the caller's thread; the driver says when to stop.
 */
final class LoadLoop {
  static final long SWEEP_MILLIS = 10;

  /** What the loop asks and tells the load generator; called on the loop's thread only. */
  interface Driver {
    /** The target of the next request, or -1 when the run is over for this slot. */
    int next();

    void answered(int target, AnswerParser answer, long nanos);

    /** Returns how long this slot waits before its next request (0: none). */
    long failed(int target, CallFailure failure, long nanos);
  }

  private enum Phase {
    WAITING,
    CONNECTING,
    SENDING,
    RECEIVING
  }

  private final Driver driver;
  private final InetSocketAddress[] addresses;
  private final String[] authorities;
  private final String[] urls;
  private final ByteBuffer[] requests;
  private final boolean headRequest;
  private final boolean keepAlive;
  private final long timeoutNanos;
  private final String[] captureNames;
  private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
  private Selector selector;
  private int unfinished;

  /** One request at a time, on its own connections (one per target, kept when keep-alive). */
  private final class Slot {
    final SocketChannel[] channels = new SocketChannel[addresses.length];
    final ByteBuffer[] request = new ByteBuffer[addresses.length];
    final AnswerParser parser = new AnswerParser(captureNames);
    Phase phase = Phase.WAITING;
    int target;
    boolean reused;
    boolean retried;
    long startNanos;
    long deadlineNanos;
    long notBeforeNanos;
    boolean finished;

    Slot() {
      for (int t = 0; t < request.length; t++) {
        request[t] = requests[t].duplicate();
      }
    }
  }

  /**
   * @param headers sent on every request after Host, in order
   * @param captureNames headers whose values the driver may read from each answer
   */
  LoadLoop(Driver driver, LoadPlan plan, Map<String, String> headers, String... captureNames) {
    this.driver = driver;
    this.headRequest = plan.method().equalsIgnoreCase("HEAD");
    this.keepAlive = plan.keepAlive();
    this.timeoutNanos = Math.max(1, plan.timeout().toNanos());
    this.captureNames = captureNames;
    List<String> targets = plan.targets();
    this.addresses = new InetSocketAddress[targets.size()];
    this.authorities = new String[targets.size()];
    this.urls = new String[targets.size()];
    this.requests = new ByteBuffer[targets.size()];
    for (int t = 0; t < targets.size(); t++) {
      URI uri = base(targets.get(t));
      int port = uri.getPort() < 0 ? 80 : uri.getPort();
      String host = uri.getHost();
      authorities[t] = host + ":" + port;
      urls[t] = targets.get(t) + plan.path();
      addresses[t] =
          new InetSocketAddress(
              host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
      byte[] bytes = encode(plan, authorities[t], headers);
      requests[t] = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }
  }

  /** Runs until every slot's driver said the run is over (or the thread is interrupted). */
  void run(int concurrency) throws IOException {
    try (Selector s = Selector.open()) {
      selector = s;
      Slot[] slots = new Slot[concurrency];
      long now = System.nanoTime();
      unfinished = concurrency;
      for (int i = 0; i < concurrency; i++) {
        slots[i] = new Slot();
        begin(slots[i], now);
      }
      long nextSweep = now + SWEEP_MILLIS * 1_000_000;
      while (unfinished > 0 && !Thread.currentThread().isInterrupted()) {
        s.select(this::ready, SWEEP_MILLIS);
        now = System.nanoTime();
        if (now - nextSweep >= 0) {
          nextSweep = now + SWEEP_MILLIS * 1_000_000;
          for (Slot slot : slots) {
            sweep(slot, now);
          }
        }
      }
      for (Slot slot : slots) {
        for (int t = 0; t < addresses.length; t++) {
          drop(slot, t);
        }
      }
    }
  }

  private void sweep(Slot slot, long now) {
    if (slot.finished) {
      return;
    }
    if (slot.phase == Phase.WAITING) {
      if (now - slot.notBeforeNanos >= 0) {
        begin(slot, now);
      }
    } else if (now - slot.deadlineNanos > 0) {
      drop(slot, slot.target);
      fail(
          slot,
          now,
          new CallFailure(
              CallFailure.Kind.TIMEOUT,
              url(slot.target),
              "no answer from "
                  + authorities[slot.target]
                  + " within "
                  + timeoutNanos / 1_000_000
                  + " ms",
              null));
    }
  }

  /** Starts the slot's next request, or marks the slot finished when the driver has none. */
  private void begin(Slot slot, long now) {
    int target = driver.next();
    if (target < 0) {
      slot.finished = true;
      unfinished--;
      slot.phase = Phase.WAITING;
      return;
    }
    slot.target = target;
    slot.retried = false;
    slot.startNanos = now;
    slot.deadlineNanos = now + timeoutNanos;
    send(slot);
  }

  private void send(Slot slot) {
    int t = slot.target;
    slot.parser.reset(headRequest);
    slot.request[t].rewind();
    SocketChannel channel = slot.channels[t];
    try {
      if (channel != null) {
        slot.reused = true;
        write(slot, channel);
        return;
      }
      slot.reused = false;
      channel = SocketChannel.open();
      slot.channels[t] = channel;
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (channel.connect(addresses[t])) {
        write(slot, channel);
      } else {
        slot.phase = Phase.CONNECTING;
        channel.register(selector, SelectionKey.OP_CONNECT, slot);
      }
    } catch (IOException | UnresolvedAddressException e) {
      broken(slot, e);
    }
  }

  private void write(Slot slot, SocketChannel channel) throws IOException {
    ByteBuffer request = slot.request[slot.target];
    channel.write(request);
    slot.phase = request.hasRemaining() ? Phase.SENDING : Phase.RECEIVING;
    int interest = request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ;
    SelectionKey key = channel.keyFor(selector);
    if (key == null) {
      channel.register(selector, interest, slot);
    } else if (key.interestOps() != interest) {
      key.interestOps(interest);
    }
  }

  private void ready(SelectionKey key) {
    if (!key.isValid()) {
      return; // its connection was closed earlier in this round
    }
    Slot slot = (Slot) key.attachment();
    SocketChannel channel = (SocketChannel) key.channel();
    if (slot.phase == Phase.WAITING || channel != slot.channels[slot.target]) {
      // A kept connection of this slot spoke while idle: the server closed it (or sent junk).
      for (int t = 0; t < slot.channels.length; t++) {
        if (slot.channels[t] == channel) {
          drop(slot, t);
        }
      }
      return;
    }
    try {
      switch (slot.phase) {
        case CONNECTING -> {
          channel.finishConnect();
          write(slot, channel);
        }
        case SENDING -> write(slot, channel);
        case RECEIVING -> receive(slot, channel);
        case WAITING -> throw new IllegalStateException("a waiting slot has no request");
      }
    } catch (IOException e) {
      broken(slot, e);
    }
  }

  private void receive(Slot slot, SocketChannel channel) throws IOException {
    in.clear();
    int n = channel.read(in);
    long now = System.nanoTime();
    if (n < 0) {
      if (slot.parser.closed()) {
        drop(slot, slot.target);
        answered(slot, now);
      } else {
        broken(slot, new java.io.EOFException("closed"));
      }
      return;
    }
    in.flip();
    boolean done;
    try {
      done = slot.parser.feed(in);
    } catch (AnswerParser.Malformed e) {
      drop(slot, slot.target);
      fail(
          slot,
          now,
          new CallFailure(
              CallFailure.Kind.IO,
              url(slot.target),
              authorities[slot.target]
                  + " answered with a malformed HTTP message: "
                  + e.getMessage(),
              e));
      return;
    }
    if (done) {
      // Bytes after the answer were not asked for; such a connection is not reused.
      if (!keepAlive || !slot.parser.keepAlive() || in.hasRemaining()) {
        drop(slot, slot.target);
      }
      answered(slot, now);
    }
  }

  private void answered(Slot slot, long now) {
    slot.phase = Phase.WAITING;
    driver.answered(slot.target, slot.parser, now - slot.startNanos);
    begin(slot, now);
  }

  /** The connection failed: send again once if a kept one was found closed, else report it. */
  private void broken(Slot slot, Throwable e) {
    boolean unanswered = !slot.parser.started();
    drop(slot, slot.target);
    if (slot.reused && unanswered && !slot.retried && !(e instanceof ConnectException)) {
      slot.retried = true;
      send(slot);
      return;
    }
    fail(slot, System.nanoTime(), failure(slot.target, e, unanswered));
  }

  private void fail(Slot slot, long now, CallFailure failure) {
    slot.phase = Phase.WAITING;
    long wait = driver.failed(slot.target, failure, now - slot.startNanos);
    if (wait > 0) {
      slot.notBeforeNanos = now + wait;
    } else {
      begin(slot, now);
    }
  }

  private CallFailure failure(int target, Throwable e, boolean unanswered) {
    String authority = authorities[target];
    if (e instanceof ConnectException) {
      return new CallFailure(
          CallFailure.Kind.REFUSED, url(target), "nothing is listening on " + authority, e);
    }
    if (e instanceof SocketException || e instanceof java.io.EOFException) {
      return new CallFailure(
          CallFailure.Kind.RESET,
          url(target),
          authority
              + (unanswered
                  ? " closed the connection without answering"
                  : " closed the connection in the middle of its answer"),
          e);
    }
    if (e instanceof UnresolvedAddressException) {
      return new CallFailure(
          CallFailure.Kind.IO, url(target), "call to " + authority + " failed: unknown host", e);
    }
    return new CallFailure(
        CallFailure.Kind.IO, url(target), "call to " + authority + " failed: " + e.getMessage(), e);
  }

  private void drop(Slot slot, int target) {
    SocketChannel channel = slot.channels[target];
    slot.channels[target] = null;
    if (channel != null) {
      try {
        channel.close(); // also cancels its key
      } catch (IOException | RuntimeException ignored) {
        // closing a socket that failed: nothing left to do
      }
    }
  }

  private String url(int target) {
    return urls[target];
  }

  private static URI base(String base) {
    URI uri = URI.create(base);
    if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("expected http://host:port, got '" + base + "'");
    }
    return uri;
  }

  /** The request's bytes: request line, Host, the given headers, framing of the body, the body. */
  static byte[] encode(LoadPlan plan, String authority, Map<String, String> headers) {
    if (plan.path().chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw new IllegalArgumentException(
          "a request path may not hold spaces or control characters: '" + plan.path() + "'");
    }
    StringBuilder head = new StringBuilder(128);
    head.append(plan.method()).append(' ').append(plan.path()).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(authority).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (plan.body() != null) {
      head.append("Content-Length: ").append(plan.body().length).append("\r\n");
    }
    head.append("\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] body = plan.body() == null ? new byte[0] : plan.body();
    byte[] all = java.util.Arrays.copyOf(start, start.length + body.length);
    System.arraycopy(body, 0, all, start.length, body.length);
    return all;
  }
}
