package workshop.fault.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.fault.http.NetFaults;
import workshop.fault.proxy.ProxyAdmin;
import workshop.fault.proxy.TcpProxy;
import workshop.support.cli.Serve;
import workshop.support.cli.UserError;
import workshop.support.http.PortInUseException;
import workshop.support.http.WebServer;
import workshop.support.proc.ProcessRecords;

/**
 * {@code ./workshop proxy --listen 9000 --upstream 127.0.0.1:5001}: a TCP proxy with a name in the
 * address book, so that {@code ./workshop net} breaks processes that are not workshop servers. See
 * {@link TcpProxy}.
 */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Forward a TCP port to a process that is not a workshop server (the original's Python nodes,"
          + " a real Redis), under a name that ./workshop net knows, so the same faults reach it.",
      "Delays and losses act on each chunk each way (a request and its answer cross two);"
          + " a dropped chunk is sent again after 0.2 s, 0.4 s, ... up to 1.6 s, as TCP"
          + " retransmits, so a partition holds the bytes until the caller gives up and a heal"
          + " lets them through."
    },
    footer = {
      "",
      "  ./workshop proxy --listen 9000 --upstream 127.0.0.1:5001",
      "  ./workshop net delay proxy-9000 100ms     every request and answer through it +100 ms",
      "  ./workshop net loss proxy-9000 5%%         5%% of chunks each way resent 200 ms late",
      "  ./workshop net partition isolate proxy-9000 --reject   workshop callers reset at once",
      "  ./workshop net heal",
      "  ./workshop proxy --listen 6390 --upstream localhost:6379 --name redis"
    })
public final class ProxyCommand implements Callable<Integer> {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,62}");

  @Option(
      names = "--listen",
      required = true,
      paramLabel = "PORT",
      description = "The port callers connect to; 0 picks a free one.")
  String listen;

  @Option(
      names = "--upstream",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Where each connection is forwarded, such as 127.0.0.1:5001.")
  String upstream;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The name ./workshop net knows it by (default: proxy-PORT).")
  String name;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "The address to listen on (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--admin-port",
      defaultValue = "0",
      paramLabel = "PORT",
      description =
          "The loopback port of its /health, /stats and /fault/net (default: a free one; the"
              + " address book tells ./workshop net which).")
  String adminPort;

  @Override
  public Integer call() throws IOException {
    int port = port("--listen", listen);
    InetSocketAddress target = upstream(upstream);
    int admin = port("--admin-port", adminPort);
    String given = name == null ? null : checkName(name);
    ServerSocket listener;
    try {
      listener = TcpProxy.bind(host, port);
    } catch (BindException e) {
      throw new UserError(
          "--listen "
              + port
              + ": port "
              + port
              + " on "
              + host
              + " is already in use; choose another with --listen, or free it (./workshop down)");
    }
    // Named after the port it got by default, so that the name says where to connect.
    NetFaults net =
        NetFaults.in(
            ProcessRecords.stateOfThisCheckout(),
            given != null ? given : "proxy-" + listener.getLocalPort(),
            new SecureRandom().nextLong(),
            InstantSource.system(),
            System.out);
    return serve(TcpProxy.start(listener, target, net, System.out), net, admin);
  }

  private int serve(TcpProxy proxy, NetFaults net, int admin) {
    WebServer status;
    try {
      status = ProxyAdmin.start(proxy, net, admin);
    } catch (PortInUseException e) {
      proxy.close();
      throw new UserError(
          "--admin-port "
              + admin
              + ": port "
              + admin
              + " is already in use; leave it out to"
              + " take a free one");
    }
    net.listening(status.url());
    Runtime.getRuntime().addShutdownHook(new Thread(net::close));
    System.out.printf(
        "Proxy %s listening on %s, forwarding to %s%n",
        proxy.name(), proxy.address(), proxy.upstream());
    System.out.printf(
        "Status and faults on %s (try: ./workshop net delay %s 100ms)%n",
        status.url(), proxy.name());
    warnIfDown(proxy);
    System.out.flush();
    return Serve.untilShutdown(
        () -> {
          proxy.close();
          status.close();
        },
        "Proxy " + proxy.name() + " stopped.");
  }

  private static void warnIfDown(TcpProxy proxy) {
    String[] hp = proxy.upstream().split(":(?=[^:]*$)");
    try (var s = new java.net.Socket()) {
      s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 1000);
    } catch (IOException e) {
      System.out.println(
          "Nothing answers on " + proxy.upstream() + " yet: callers are reset until it does.");
    }
  }

  /** A port flag's value: a whole number from 0 to 65535. */
  static int port(String flag, String value) {
    String v = value.strip();
    if (!v.matches("\\d{1,5}") || Integer.parseInt(v) > 65_535) {
      throw new UserError(
          flag
              + " takes a port, a whole number from 1 to 65535 (0: any free one); got '"
              + value
              + "'");
    }
    return Integer.parseInt(v);
  }

  /** {@code host:port} (or {@code [::1]:port}), resolved now so a typo is told at once. */
  static InetSocketAddress upstream(String value) {
    String v = value.strip();
    int colon = v.lastIndexOf(':');
    String host = colon < 0 ? v : v.substring(0, colon);
    if (colon < 0 || host.isEmpty() || host.contains(":") && !host.startsWith("[")) {
      throw new UserError(
          "--upstream takes HOST:PORT, such as 127.0.0.1:5001 or localhost:6379; got '"
              + value
              + "'");
    }
    int port = port("--upstream's port", v.substring(colon + 1));
    if (port == 0) {
      throw new UserError("--upstream needs a real port, 1 to 65535; got '" + value + "'");
    }
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      return new InetSocketAddress(InetAddress.getByName(bare), port);
    } catch (UnknownHostException e) {
      throw new UserError(
          "--upstream "
              + value
              + ": unknown host '"
              + bare
              + "' (check the spelling, or use an"
              + " address such as 127.0.0.1)");
    }
  }

  static String checkName(String name) {
    if (!NAME.matcher(name).matches()
        || name.equalsIgnoreCase("all")
        || name.equalsIgnoreCase("from")
        || name.equalsIgnoreCase("to")) {
      throw new UserError(
          "--name '"
              + name
              + "' cannot be said in a fault; use letters, digits, '.', ':' and '-', such as"
              + " redis or proxy-9000 (not all, from or to)");
    }
    return name;
  }
}
