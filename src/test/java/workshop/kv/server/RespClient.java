package workshop.kv.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test's Redis client over a real socket: sends raw bytes or commands, reads one reply at a time
 * and shows it as redis-cli prints it ({@code OK}, {@code "v"}, {@code (integer) 1}, {@code (nil)},
 * {@code (error) ...}); a closed connection reads as {@code (closed)}.
 */
final class RespClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RespClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RespClient send(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  /** Sends one command as an array of bulk strings and reads its reply. */
  String call(String... args) throws IOException {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
      b.append(a).append("\r\n");
    }
    send(b.toString());
    return reply();
  }

  String reply() throws IOException {
    String line = line();
    if (line == null) {
      return "(closed)";
    }
    return switch (line.charAt(0)) {
      case '+' -> line.substring(1);
      case '-' -> "(error) " + line.substring(1);
      case ':' -> "(integer) " + line.substring(1);
      case '$' -> {
        int n = Integer.parseInt(line.substring(1));
        if (n < 0) {
          yield "(nil)";
        }
        byte[] data = in.readNBytes(n + 2);
        yield '"' + new String(data, 0, n, StandardCharsets.UTF_8) + '"';
      }
      case '*' -> {
        int n = Integer.parseInt(line.substring(1));
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          items.add(reply());
        }
        yield items.toString();
      }
      default -> throw new IOException("not RESP: " + line);
    };
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\r') {
        in.read();
        return b.toString(StandardCharsets.UTF_8);
      }
      b.write(c);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
