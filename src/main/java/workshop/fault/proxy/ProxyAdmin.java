package workshop.fault.proxy;

import workshop.fault.http.NetFaults;
import workshop.support.http.WebServer;

/**
 * The proxy's admin port: a small HTTP server on loopback with {@code /health} and {@code /stats}
 * (the proxy's connections and counters) and the fault routes every workshop server has ({@code GET
 * and POST /fault/net}, {@code /fault/pause}, {@code /fault/resume}), so {@code ./workshop net} and
 * {@code net show} treat the proxy as any other server. Bound to loopback only: the faults are set
 * from this machine, whatever address the proxy forwards on.
 */
public final class ProxyAdmin {
  private ProxyAdmin() {}

  /** Starts it on {@code port} of 127.0.0.1 (0: a free port). */
  public static WebServer start(TcpProxy proxy, NetFaults net, int port) {
    return WebServer.builder(proxy.name())
        .host("127.0.0.1")
        .port(port)
        .observe(proxy)
        .faults(net)
        .start();
  }
}
