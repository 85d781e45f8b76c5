package workshop.support.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.Router;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The server's one connection selector. Each connection is the library's own HTTP/1.1 connection,
 * given two things through the context it runs in: an {@link Http10Reader} for its bytes (so
 * HTTP/1.0 requests are served instead of refused with 505), and a record in {@link ServerActivity}
 * (so {@code /clients} lists it, from its accept to its close).
 *
 * <p>Being the only selector, the library hands it every connection without reading a byte first
 * (it reads ahead only to choose between several); HTTP/2 and other versions still reach the
 * HTTP/1.1 parser, which refuses them as before.
 */
final class TrackedConnections implements ServerConnectionSelector {
  /** The connection being served on this thread: the library runs one thread per connection. */
  private static final ThreadLocal<OpenConnection> CURRENT = new ThreadLocal<>();

  private final ServerConnectionSelector http1;
  private final ServerActivity activity;

  TrackedConnections(Http1Config config, ServerActivity activity) {
    this.http1 = Http1ConnectionSelector.builder().config(config).build();
    this.activity = activity;
  }

  /** The connection whose request this thread is handling, or null outside one. */
  static OpenConnection current() {
    return CURRENT.get();
  }

  @Override
  public int bytesToIdentifyConnection() {
    return 0;
  }

  @Override
  public Support supports(BufferData data) {
    return Support.SUPPORTED;
  }

  @Override
  public Set<String> supportedApplicationProtocols() {
    return http1.supportedApplicationProtocols();
  }

  @Override
  public ServerConnection connection(ConnectionContext ctx) {
    Http10Reader reader = new Http10Reader(bytesOf(ctx));
    OpenConnection record = activity.opened(remoteOf(ctx.remotePeer().address()), reader);
    return new Tracked(http1.connection(new Context(ctx, reader)), record, activity);
  }

  /**
   * The socket's bytes, after any the library read ahead into its own reader (none when this is the
   * only selector, but a second selector would make it read some).
   */
  private static Supplier<byte[]> bytesOf(ConnectionContext ctx) {
    DataReader ahead = ctx.dataReader();
    HelidonSocket socket = ctx.serverSocket();
    byte[][] first = {ahead.available() > 0 ? ahead.readBytes(ahead.available()) : null};
    return () -> {
      if (first[0] != null) {
        byte[] bytes = first[0];
        first[0] = null;
        return bytes;
      }
      try {
        return socket.get();
      } catch (UncheckedIOException e) {
        // What the library's own reader throws for a socket that failed: a quiet close.
        throw new ServerConnectionException("Failed to get data from socket", e);
      }
    };
  }

  static String remoteOf(SocketAddress address) {
    return address instanceof InetSocketAddress inet
        ? inet.getHostString() + ":" + inet.getPort()
        : String.valueOf(address);
  }

  /** The library's connection, recorded while it runs. */
  private static final class Tracked implements ServerConnection, InterruptableTask<Void> {
    private final ServerConnection inner;
    private final OpenConnection record;
    private final ServerActivity activity;

    Tracked(ServerConnection inner, OpenConnection record, ServerActivity activity) {
      this.inner = inner;
      this.record = record;
      this.activity = activity;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
      CURRENT.set(record);
      try {
        inner.handle(limit);
      } finally {
        CURRENT.remove();
        activity.closed(record);
      }
    }

    @Override
    public Duration idleTime() {
      return inner.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
      inner.close(interrupt);
    }

    @Override
    public boolean canInterrupt() {
      return inner instanceof InterruptableTask<?> task && task.canInterrupt();
    }
  }

  /** The library's context for the connection, reading through the {@link Http10Reader}. */
  private record Context(ConnectionContext ctx, DataReader reader) implements ConnectionContext {
    @Override
    public DataReader dataReader() {
      return reader;
    }

    @Override
    public ListenerContext listenerContext() {
      return ctx.listenerContext();
    }

    @Override
    public ExecutorService executor() {
      return ctx.executor();
    }

    @Override
    public DataWriter dataWriter() {
      return ctx.dataWriter();
    }

    @Override
    public Router router() {
      return ctx.router();
    }

    @Override
    public Optional<io.helidon.webserver.ProxyProtocolData> proxyProtocolData() {
      return ctx.proxyProtocolData();
    }

    @Override
    public HelidonSocket serverSocket() {
      return ctx.serverSocket();
    }

    @Override
    public PeerInfo remotePeer() {
      return ctx.remotePeer();
    }

    @Override
    public PeerInfo localPeer() {
      return ctx.localPeer();
    }

    @Override
    public boolean isSecure() {
      return ctx.isSecure();
    }

    @Override
    public String socketId() {
      return ctx.socketId();
    }

    @Override
    public String childSocketId() {
      return ctx.childSocketId();
    }
  }
}
