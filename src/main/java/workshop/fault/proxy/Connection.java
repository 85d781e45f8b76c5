package workshop.fault.proxy;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import workshop.fault.http.NetFaults;

/**
 * One caller's connection through the proxy: its socket, the upstream's, and a {@link Pump} each
 * way. A side that ends its stream (a half-close) is passed on as one, and the connection closes
 * once both have ended; a reset (a rejecting fault) resets both sockets at once.
 */
final class Connection {
  private final TcpProxy proxy;
  private final Socket caller;
  private final Socket upstream;
  private final String address;
  private final Pump up;
  private final Pump down;
  private final AtomicInteger ended = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String callerName;

  Connection(TcpProxy proxy, Socket caller, Socket upstream) throws IOException {
    this.proxy = proxy;
    this.caller = caller;
    this.upstream = upstream;
    this.address = caller.getInetAddress().getHostAddress() + ":" + caller.getPort();
    this.callerName = address;
    this.up = new Pump(this, true, caller.getInputStream(), upstream.getOutputStream());
    this.down = new Pump(this, false, upstream.getInputStream(), caller.getOutputStream());
  }

  /**
   * Starts a reading thread each way. Platform threads, not virtual ones: a virtual thread blocked
   * on a socket is woken through the JDK's poller and then scheduled, which measured about 60 us
   * per pass on a busy 2-core machine against about 16 us for a platform thread
   * (bench/ProxyHopCost.java). Two threads per connection is what a workshop's dozens of
   * connections can afford.
   */
  void start() {
    Thread.ofPlatform().daemon().name("proxy-up").start(up::read);
    Thread.ofPlatform().daemon().name("proxy-down").start(down::read);
  }

  NetFaults net() {
    return proxy.net();
  }

  ProxyCounters counters() {
    return proxy.counters();
  }

  String proxyName() {
    return proxy.name();
  }

  /** The caller's name for the faults: its mark, else its address. */
  String caller() {
    return callerName;
  }

  void named(byte[] firstChunk, int length) {
    callerName = CallerName.of(firstChunk, length, address);
  }

  void counted(boolean toUpstream, int bytes) {
    (toUpstream ? counters().bytesUp : counters().bytesDown).add(bytes);
  }

  void held(boolean toUpstream, String reason) {
    if (!reason.startsWith("lost to ")) { // a loss costs a retry; counted, not told
      proxy.log(way(toUpstream) + " held (" + reason + "); sent again every 0.2-1.6 s");
    }
  }

  void passes(boolean toUpstream, Duration after) {
    if (after.toMillis() >= 1000) {
      proxy.log(way(toUpstream) + " passes again after " + after.toMillis() / 100 / 10.0 + " s");
    }
  }

  private String way(boolean toUpstream) {
    return toUpstream ? callerName + " -> " + proxy.name() : proxy.name() + " -> " + callerName;
  }

  /** Passes an ended stream on as a half-close. */
  void shutdownOutput(boolean toUpstream) {
    try {
      (toUpstream ? upstream : caller).shutdownOutput();
    } catch (IOException e) {
      close();
    }
  }

  /**
   * The caller ended its stream. With a chunk still held either way, it has given up waiting (as a
   * caller behind a DROP rule does at its timeout): the connection closes.
   */
  void callerEnded() {
    if (up.holding() || down.holding()) {
      proxy.log(address + " gave up on held bytes; connection closed");
      close();
    }
  }

  /** One side's stream has been passed on to its end; both: the connection is done. */
  void streamEnded() {
    if (ended.incrementAndGet() == 2) {
      close();
    }
  }

  /** Resets both sockets at once (a TCP RST each way), as a REJECT rule does. */
  void reset(String reason) {
    if (closed.get()) {
      return;
    }
    counters().resets.increment();
    proxy.log("reset " + address + "'s connection: " + reason);
    abort(caller);
    abort(upstream);
    close();
  }

  private static void abort(Socket s) {
    try {
      s.setSoLinger(true, 0);
      s.close();
    } catch (IOException e) {
      // Closed already.
    }
  }

  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    up.stop();
    down.stop();
    quietly(caller);
    quietly(upstream);
    proxy.forget(this);
  }

  private static void quietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Closed already.
    }
  }
}
