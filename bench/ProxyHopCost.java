// What ./workshop proxy adds to a round trip when no fault is in force, side by side with a direct
// connection in one run: a plain TCP echo server, the proxy in front of it, and one caller sending
// 64 bytes and reading them back, over one kept connection, alternating direct and proxied rounds
// so both see the same machine. A round trip crosses the proxy twice (request and answer), so the
// p50 difference is the cost of one hop there and back. Then the same with a fault in force
// elsewhere (loss node-9 0.1%), so that every chunk is decided under the fault layer's lock.
//
//   ./mvnw -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
//   java -cp "target/classes:$(cat target/cp.txt)" bench/ProxyHopCost.java
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import workshop.fault.http.NetFaults;
import workshop.fault.http.NetWire;
import workshop.fault.proxy.TcpProxy;

public class ProxyHopCost {
  static final int ROUNDS = 7;
  static final int TRIPS = 20_000;
  static final byte[] MESSAGE = new byte[64];

  public static void main(String[] args) throws Exception {
    ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().start(() -> serve(echo));
    InetSocketAddress upstream =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort());
    NetFaults net =
        NetFaults.in(
            Files.createTempDirectory("proxy-bench"), "bench", 1, InstantSource.system(), System.out);
    TcpProxy proxy = TcpProxy.start(TcpProxy.bind("127.0.0.1", 0), upstream, net, System.out);
    try (Socket direct = open(echo.getLocalPort());
        Socket proxied = open(proxy.port())) {
      run(direct, 5_000); // warm-up: both paths compiled before anything is counted
      run(proxied, 5_000);
      compare(direct, proxied, "nothing in force");
      net.install(
          new NetWire.Rules(
              List.of("loss node-9 0.1%"),
              Map.of("bench", "127.0.0.1:1", "node-9", "127.0.0.1:2"),
              1L));
      compare(direct, proxied, "loss node-9 0.1% in force (not on this path)");
    }
    proxy.close();
    System.exit(0);
  }

  static void compare(Socket direct, Socket proxied, String what) throws IOException {
    System.out.println(what + ":");
    {
      double[] added = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        long[] d = run(direct, TRIPS);
        long[] p = run(proxied, TRIPS);
        added[round] = (p50(p) - p50(d)) / 1000.0;
        System.out.printf(
            "round %d: direct p50 %.1f us p99 %.1f us | via proxy p50 %.1f us p99 %.1f us |"
                + " added p50 %.1f us%n",
            round + 1,
            p50(d) / 1000.0,
            p99(d) / 1000.0,
            p50(p) / 1000.0,
            p99(p) / 1000.0,
            added[round]);
      }
      Arrays.sort(added);
      System.out.printf(
          "median over %d rounds of %d round trips: %.1f us added per round trip at p50%n",
          ROUNDS, TRIPS, added[ROUNDS / 2]);
    }
  }

  static Socket open(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setTcpNoDelay(true);
    return s;
  }

  static long[] run(Socket s, int trips) throws IOException {
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    long[] nanos = new long[trips];
    for (int i = 0; i < trips; i++) {
      long t0 = System.nanoTime();
      out.write(MESSAGE);
      int got = 0;
      while (got < MESSAGE.length) {
        got += in.read(new byte[MESSAGE.length], 0, MESSAGE.length - got);
      }
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  static long p50(long[] sorted) {
    return sorted[sorted.length / 2];
  }

  static long p99(long[] sorted) {
    return sorted[(int) (sorted.length * 0.99)];
  }

  static void serve(ServerSocket listener) {
    while (true) {
      try {
        Socket s = listener.accept();
        s.setTcpNoDelay(true);
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  byte[] buffer = new byte[4096];
                  try (s) {
                    int n;
                    while ((n = s.getInputStream().read(buffer)) >= 0) {
                      s.getOutputStream().write(buffer, 0, n);
                    }
                  } catch (IOException e) {
                    // The caller went away.
                  }
                });
      } catch (IOException e) {
        return;
      }
    }
  }
}
