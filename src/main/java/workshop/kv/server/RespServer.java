package workshop.kv.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import workshop.kv.Reply;
import workshop.kv.RespDecoder;
import workshop.kv.RespWriter;
import workshop.support.http.PortInUseException;

/**
 * The Redis protocol on a plain {@link ServerSocket}: one thread per connection reads bytes, lets a
 * {@link RespDecoder} cut them into commands, runs each through {@link KvServer#execute} and writes
 * every reply a read produced in one write, so pipelined commands get their replies together. Bad
 * input gets Redis's {@code -ERR Protocol error: ...} and the connection is closed, as Redis closes
 * it. Nothing here knows a command.
 *
 * <p>Platform threads, not virtual ones: a client waits for each reply before it sends again, so
 * every command is a wake-up, and a thread blocked in the kernel's {@code read} is woken directly,
 * where a virtual thread is woken through the JDK's poller first. Measured with {@code
 * redis-benchmark -c 32} (docs/PERFORMANCE.md), SET went from about 21,000 to about 36,000 a second
 * for the same CPU per request. A workshop server has tens of connections, not thousands.
 */
final class RespServer implements AutoCloseable {
  private final KvServer server;
  private final ServerSocket socket;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private RespServer(KvServer server, ServerSocket socket) {
    this.server = server;
    this.socket = socket;
  }

  static RespServer start(KvServer server, String host, int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    try {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 512);
    } catch (java.net.BindException e) {
      socket.close();
      throw new PortInUseException(host, port);
    } catch (IOException e) {
      socket.close();
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    RespServer resp = new RespServer(server, socket);
    Thread.ofPlatform().daemon().name("resp-accept-" + socket.getLocalPort()).start(resp::accept);
    return resp;
  }

  int port() {
    return socket.getLocalPort();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        client.setTcpNoDelay(true);
        open.add(client);
        Thread.ofPlatform().daemon().name("resp-client").start(() -> serve(client));
      } catch (IOException e) {
        // Closed: the server is stopping.
      }
    }
  }

  private void serve(Socket client) {
    long id =
        server.connect(
            address(client.getRemoteSocketAddress()), address(client.getLocalSocketAddress()));
    try (client;
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream()) {
      RespDecoder decoder = new RespDecoder();
      RespWriter replies = new RespWriter(1024);
      byte[] chunk = new byte[16 * 1024];
      boolean more = true;
      while (more) {
        int n = in.read(chunk);
        if (n < 0) {
          break;
        }
        decoder.feed(chunk, 0, n);
        more = answer(id, decoder, replies);
        out.write(replies.array(), 0, replies.size());
        out.flush();
        replies.clear();
      }
    } catch (SocketException e) {
      // The client went away mid-read or mid-write.
    } catch (IOException e) {
      // As above; nothing to tell a client that is gone.
    } finally {
      open.remove(client);
      server.disconnect(id);
    }
  }

  /** Runs every whole command buffered; false when the connection must close after the replies. */
  private boolean answer(long id, RespDecoder decoder, RespWriter replies) {
    while (true) {
      switch (decoder.next()) {
        case RespDecoder.NeedMore m -> {
          return true;
        }
        case RespDecoder.Invalid bad -> {
          replies.reply(Reply.err(bad.message()));
          return false;
        }
        case RespDecoder.Command c -> {
          KvServer.Result result = server.execute(id, c.args());
          replies.reply(result.reply());
          if (result.close()) {
            return false;
          }
        }
      }
    }
  }

  private static String address(java.net.SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // Already closed.
      }
    }
  }
}
