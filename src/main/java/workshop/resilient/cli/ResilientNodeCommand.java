package workshop.resilient.cli;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import workshop.resilient.http.ResilientNodeServer;
import workshop.support.cli.Ports;
import workshop.support.cli.RegistryOption;
import workshop.support.cli.Serve;
import workshop.support.cli.UserError;

/** {@code ./workshop resilient-node --port 5001 --id node-1 [--registry URL]}. */
@Command(
    name = "resilient-node",
    mixinStandardHelpOptions = true,
    description = {
      "Module 23: a replica of the resilient store. It heartbeats to the registry, repairs",
      "itself by anti-entropy with its peers, and leaves the cluster cleanly on Ctrl+C."
    })
public final class ResilientNodeCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "5001", description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--id",
      defaultValue = "node-1",
      description = "Node id (default ${DEFAULT-VALUE}).")
  String id;

  @Mixin RegistryOption registry;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--seed",
      description =
          "Seed for choosing anti-entropy peers (default: a random one, printed at start-up).")
  Long seed;

  @Override
  public Integer call() {
    Ports.check("--port", port, false);
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new UserError(
          "--id must be 1-64 letters, digits, '.', '_' or '-', like node-1; got '" + id + "'");
    }
    String reg = registry.url();
    long chosen = seed == null ? new SplittableRandom().nextLong() : seed;
    ResilientNodeServer node =
        ResilientNodeServer.start(
            id, host, port, reg, Duration.ofSeconds(2), Duration.ofSeconds(3), chosen, System.out);
    System.out.println("Node " + id + " on " + node.url() + ", registry " + reg);
    System.out.println(
        "Replication factor 3 (the registry's ring), anti-entropy every 3 s, seed "
            + chosen
            + " (--seed "
            + chosen
            + " repeats its choices of peer)");
    System.out.flush();
    return Serve.untilShutdown(node::leave, "Node " + id + " stopped.");
  }
}
