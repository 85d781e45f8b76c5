package workshop.resilient.cli;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import workshop.fault.http.NetFaults;
import workshop.resilient.http.ResilientNodeServer;
import workshop.support.cli.AdvertiseOption;
import workshop.support.cli.DurationConverter;
import workshop.support.cli.Ports;
import workshop.support.cli.RegistryOption;
import workshop.support.cli.Serve;
import workshop.support.cli.UserError;
import workshop.support.http.TokenTrust;

/**
 * {@code ./workshop resilient-node --port 5001 --id node-1 [--registry URL] [--host ADDR]
 * [--advertise URL|HOST[:PORT]]}.
 */
@Command(
    name = "resilient-node",
    mixinStandardHelpOptions = true,
    description = {
      "Module 23: a replica of the resilient store.",
      "It heartbeats to the registry, repairs itself by anti-entropy with its peers, and leaves the"
          + " cluster cleanly on Ctrl+C."
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

  @Mixin AdvertiseOption advertise;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--heartbeat",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Time between heartbeats to the registry (default ${DEFAULT-VALUE}).")
  Duration heartbeat;

  @Option(
      names = "--anti-entropy",
      defaultValue = "3s",
      converter = DurationConverter.class,
      description = "Time between anti-entropy rounds (default ${DEFAULT-VALUE}).")
  Duration antiEntropy;

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
    checkBetween("--heartbeat", heartbeat);
    checkBetween("--anti-entropy", antiEntropy);
    String reg = registry.url();
    long chosen = seed == null ? new SplittableRandom().nextLong() : seed;
    NetFaults net = NetFaults.forThisProcess(id, System.out);
    ResilientNodeServer node =
        ResilientNodeServer.start(
            id,
            host,
            port,
            reg,
            heartbeat,
            antiEntropy,
            chosen,
            net,
            System.out,
            advertise.value(port),
            TokenTrust.fromEnvironment());
    net.listening(node.url());
    System.out.println(
        "Node "
            + id
            + " on "
            + node.address()
            + (node.address().equals(node.url()) ? "" : " (listening on " + node.url() + ")")
            + ", registry "
            + reg);
    System.out.println(
        "Replication factor 3 (the registry's ring), heartbeats every "
            + seconds(heartbeat)
            + ", anti-entropy every "
            + seconds(antiEntropy)
            + ", seed "
            + chosen
            + " (--seed "
            + chosen
            + " repeats its choices of peer)");
    System.out.flush();
    return Serve.untilShutdown(node::leave, "Node " + id + " stopped.");
  }

  private static void checkBetween(String flag, Duration d) {
    if (d.toMillis() < 10 || d.toMinutes() > 10) {
      throw new UserError(flag + " must be between 10ms and 10m, got " + d.toMillis() + " ms");
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
