package workshop.quorum.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.fault.http.NetFaults;
import workshop.quorum.http.ReplicaServer;
import workshop.support.cli.Ports;
import workshop.support.cli.Serve;

/** {@code ./workshop replica --port 5101 --name "Node 1"}: one module 05 replica, to curl. */
@Command(
    name = "replica",
    mixinStandardHelpOptions = true,
    description = {
      "Module 05: a versioned replica that keeps the highest version it is given.",
      "Endpoints: PUT /replica/{key} {\"value\",\"version\"}, GET /replica/{key}, GET /health,"
          + " GET /stats, POST /fault {\"block\": [peer, ...]} (partition), DELETE /fault (heal)."
    })
public final class ReplicaCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "5101",
      description = "Port to listen on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--name",
      defaultValue = "Node 1",
      description = "Name shown in every answer (default ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Override
  public Integer call() {
    Ports.check("--port", port, false);
    NetFaults net = NetFaults.forThisProcess(netName(name, port), System.out);
    ReplicaServer server = ReplicaServer.start(name, host, port, null, net);
    net.listening(server.url());
    System.out.printf(
        "Replica %s listening on %s  (try: curl %s/health)%n", name, server.url(), server.url());
    System.out.flush();
    return Serve.untilShutdown(server, "Replica " + name + " stopped.");
  }

  /** {@code replica-1} for "Node 1", as {@code up 05} names it; else {@code replica-<port>}. */
  static String netName(String name, int port) {
    String digits = name.replaceFirst("^.*?(\\d+)$", "$1");
    return "replica-" + (digits.matches("\\d{1,6}") ? digits : Integer.toString(port));
  }
}
