package workshop.fault.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP server for the proxy's tests, on a free loopback port: {@code echo} writes back every
 * byte as it comes; {@code count} reads to the end of the stream, then answers {@code got N bytes}
 * and closes (a half-close passed on is what lets it answer).
 */
final class TestUpstream implements AutoCloseable {
  enum Mode {
    ECHO,
    COUNT
  }

  private final ServerSocket listener;
  private final Mode mode;
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger received = new AtomicInteger();

  TestUpstream(Mode mode) {
    this.mode = mode;
    try {
      listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().start(this::accept);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        connections.incrementAndGet();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      byte[] buffer = new byte[8192];
      int total = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        received.addAndGet(n);
        total += n;
        if (mode == Mode.ECHO) {
          out.write(buffer, 0, n);
        }
      }
      if (mode == Mode.COUNT) {
        out.write(("got " + total + " bytes\n").getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      // The caller went away.
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // Closing anyway.
    }
  }
}
