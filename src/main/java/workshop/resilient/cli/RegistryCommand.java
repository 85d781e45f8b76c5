package workshop.resilient.cli;

import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.fault.http.NetFaults;
import workshop.membership.MembershipConfig;
import workshop.quorum.QuorumConfig;
import workshop.resilient.http.RegistryServer;
import workshop.support.cli.Ports;
import workshop.support.cli.Serve;
import workshop.support.cli.UserError;
import workshop.support.http.TokenTrust;
import workshop.support.proc.ChildProcess;
import workshop.support.proc.ProcessRecords;
import workshop.support.proc.Supervisor;

/**
 * {@code ./workshop registry [--port 5000] [--replicas 3] [--w 2] [--r 2]}: the capstone's
 * registry.
 */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = {
      "Module 23: the cluster registry.",
      "Nodes heartbeat here (every 2 s, dead after 5 s); writes and reads go through a quorum over"
          + " each key's replicas on one consistent-hash ring."
    })
public final class RegistryCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "5000", description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--replicas",
      defaultValue = "3",
      description = "Replicas per key, N (default ${DEFAULT-VALUE}).")
  int replicas;

  @Option(
      names = "--w",
      defaultValue = "2",
      description = "Write quorum W (default ${DEFAULT-VALUE}).")
  int w;

  @Option(
      names = "--r",
      defaultValue = "2",
      description = "Read quorum R (default ${DEFAULT-VALUE}).")
  int r;

  @Option(
      names = "--max-nodes",
      defaultValue = "12",
      description = "Scale-up stops at this many nodes (default ${DEFAULT-VALUE}).")
  int maxNodes;

  @Option(
      names = "--min-port",
      description =
          "Scale-up and restart start nodes on ports from this one (default: 5001, or --port + 1"
              + " when that is lower).")
  Integer minPort;

  @Option(
      names = "--max-port",
      description =
          "Scale-up and restart start nodes on ports up to this one (default: --port + 99, so"
              + " 5099).")
  Integer maxPort;

  @Override
  public Integer call() {
    Ports.check("--port", port, false);
    if (maxNodes < 1 || maxNodes > 100) {
      throw new UserError("--max-nodes must be between 1 and 100, got " + maxNodes);
    }
    int lastPort = maxPort == null ? Math.min(65_535, port + 99) : maxPort;
    Ports.check("--max-port", lastPort, false);
    if (lastPort <= port) {
      throw new UserError("--max-port must be above --port (" + port + "), got " + lastPort);
    }
    // 5001 keeps the manual's nodes in range when the registry moves (up 23 --port registry=5050).
    int firstPort = minPort == null ? Math.min(5001, port + 1) : minPort;
    Ports.check("--min-port", firstPort, false);
    if (firstPort > lastPort) {
      throw new UserError(
          "--min-port must not be above --max-port (" + lastPort + "), got " + firstPort);
    }
    QuorumConfig quorum;
    try {
      quorum = new QuorumConfig(replicas, w, r);
    } catch (IllegalArgumentException e) {
      throw new UserError(
          e.getMessage()
              .replaceFirst("^N ", "--replicas ")
              .replace("N=", "--replicas=")
              .replaceFirst("^W ", "--w ")
              .replaceFirst("^R ", "--r "));
    }
    // The nodes it starts are machines of their own: recorded (so `./workshop down` stops them),
    // and outliving this registry, whether it stops or crashes; they re-register with the next.
    ProcessRecords records = ProcessRecords.forThisCheckout();
    Supervisor supervisor = new Supervisor(System.out, records, false);
    NetFaults net = NetFaults.forThisProcess("registry", System.out);
    RegistryServer registry =
        RegistryServer.start(
            host,
            port,
            MembershipConfig.DEFAULT,
            quorum,
            new RegistryServer.ScaleUp(supervisor, firstPort, lastPort, maxNodes),
            net,
            TokenTrust.fromEnvironment(),
            InstantSource.system(),
            System.out);
    net.listening(registry.url());
    System.out.println("Cluster registry on " + registry.url() + " (" + quorum + ")");
    System.out.println("  GET  /nodes  /cluster-status  /data/{key}  /ring  /events  /graduate");
    System.out.println(
        "  POST /heartbeat  /deregister  /data  /kill/{node_id}  /restart/{node_id}  /scale-up");
    System.out.flush();
    return Serve.untilShutdown(
        () -> {
          registry.close();
          long left = supervisor.children().stream().filter(ChildProcess::alive).count();
          if (left > 0) {
            System.out.println(
                left == 1
                    ? "The node this registry started keeps running and re-registers with the"
                        + " next registry; ./workshop down stops it."
                    : "The "
                        + left
                        + " nodes this registry started keep running and re-register with the"
                        + " next registry; ./workshop down stops them.");
          }
        },
        "Registry stopped.");
  }
}
