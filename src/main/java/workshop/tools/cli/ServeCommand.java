package workshop.tools.cli;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.fault.http.NetFaults;
import workshop.support.cli.Serve;
import workshop.support.cli.UserError;
import workshop.tools.http.FileServer;

/** {@code ./workshop serve --port 8001 [--dir D]}: the lab's {@code python3 -m http.server}. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the files of a folder over HTTP, printing one access line per request, as the"
          + " lab's python3 -m http.server 8001 does.",
      "A folder without index.html gets a listing; GET /health and GET /stats answer in JSON."
          + " Paths with '..' and links that lead outside the folder are refused with 403."
    },
    footer = {
      "",
      "Examples:",
      "  ./workshop serve --port 8001",
      "  ./workshop serve --port 8002 --dir docs"
    })
public final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8000",
      description =
          "Port to listen on, as python3 -m http.server's argument (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--dir",
      defaultValue = ".",
      description = "The folder to serve (default: the current one).")
  Path dir;

  @Option(
      names = "--name",
      description =
          "The name ./workshop net and ./workshop ping know this server by (default: serve-PORT).")
  String name;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}: this machine only).")
  String host;

  @Override
  public Integer call() {
    if (port < 0 || port > 65_535) {
      throw UserError.usage("--port must be between 1 and 65535 (0: any free one), got " + port);
    }
    if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw UserError.usage(
          "--name '" + name + "' must be letters, digits, '.', '_' or '-', e.g. --name files-1");
    }
    NetFaults net =
        NetFaults.forThisProcess(
            name != null ? name : port == 0 ? "serve" : "serve-" + port, System.out);
    FileServer server;
    try {
      server =
          FileServer.start(net.name(), dir, host, port, net, System.out, InstantSource.system());
    } catch (IllegalArgumentException e) {
      throw UserError.usage(e.getMessage());
    }
    net.listening(server.url());
    System.out.printf(
        "Serving HTTP on %s port %d (%s/): the files of %s, as %s%n",
        host, server.port(), server.url(), server.root(), net.name());
    System.out.printf("Try: ./workshop http get %s/  (Ctrl+C stops it)%n", server.url());
    System.out.flush();
    return Serve.untilShutdown(server, "Stopped serving " + server.root() + ".");
  }
}
