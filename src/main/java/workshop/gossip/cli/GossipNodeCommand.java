package workshop.gossip.cli;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import workshop.fault.http.NetFaults;
import workshop.gossip.GossipConfig;
import workshop.gossip.GossipMessage;
import workshop.gossip.GossipMode;
import workshop.gossip.http.GossipProcess;
import workshop.protocol.http.ProtocolServer;
import workshop.support.cli.AdvertiseOption;
import workshop.support.cli.DurationConverter;
import workshop.support.cli.Ports;
import workshop.support.cli.Serve;
import workshop.support.cli.UserError;
import workshop.support.http.Advertised;

/**
 * {@code ./workshop gossip-node --port 7001 --id 1 --neighbors 7002,7003,7004 [--interval 2s]
 * [--fanout 1] [--mode push|pull|push-pull] [--host ADDR] [--advertise HOST[:PORT]]}. The node
 * names itself to its neighbours by its address: 127.0.0.1:port, or what {@code --advertise} says.
 */
@Command(
    name = "gossip-node",
    mixinStandardHelpOptions = true,
    description = {
      "Module 07: a node that spreads what it knows to random neighbours every interval.",
      "Endpoints: GET / (state), POST /update [{\"value\": ...}], POST /gossip {\"1\": 3, ...},"
          + " GET /stats, GET /health."
    })
public final class GossipNodeCommand implements Callable<Integer> {
  @Option(names = "--port", required = true, description = "Port to listen on, e.g. 7001.")
  int port;

  @Option(names = "--id", required = true, description = "This node's id, e.g. 1.")
  int id;

  @Option(
      names = "--neighbors",
      defaultValue = "",
      description = "Comma-separated ports (7002) or host:port (127.0.0.1:7002) to gossip with.")
  String neighbors;

  @Option(
      names = "--interval",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Time between rounds (default ${DEFAULT-VALUE}, as the original).")
  Duration interval;

  @Option(
      names = "--fanout",
      defaultValue = "1",
      description = "Neighbours contacted per round (default ${DEFAULT-VALUE}, as the original).")
  int fanout;

  @Option(
      names = "--mode",
      defaultValue = "push-pull",
      description =
          "How to exchange state: push (the original's only mode), pull or push-pull (default"
              + " ${DEFAULT-VALUE}: fastest).")
  String mode;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Mixin AdvertiseOption advertise;

  @Option(names = "--seed", description = "Seed for choosing neighbours (default: random).")
  Long seed;

  @Override
  public Integer call() {
    Ports.check("--port", port, true);
    if (id < 0) {
      throw new UserError("--id must be 0 or more, got " + id);
    }
    if (interval.toMillis() < 10 || interval.toMinutes() > 10) {
      throw new UserError(
          "--interval must be between 10ms and 10m, got " + interval.toMillis() + " ms");
    }
    GossipConfig config;
    try {
      config =
          GossipConfig.DEFAULTS
              .withMode(GossipMode.parse(mode))
              .withFanout(fanout)
              .withInterval(interval);
    } catch (IllegalArgumentException e) {
      throw new UserError("--mode/--fanout: " + e.getMessage());
    }
    List<String> peers = parseNeighbors(neighbors, host, port);
    long chosen = seed == null ? new SplittableRandom().nextLong() : seed;
    String given = advertise.value(port);
    // Neighbours listed by port are 127.0.0.1: on one machine that is the node's name too.
    String self =
        given != null
            ? Advertised.parse(given, port).substring("http://".length())
            : (host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host) + ":" + port;
    NetFaults net = NetFaults.forThisProcess("gossip-" + id, System.out);
    ProtocolServer<GossipMessage> server =
        GossipProcess.start(
            new GossipProcess.Settings(
                id, host, port, self, GossipProcess.Settings.byAddress(peers), config),
            chosen,
            net,
            InstantSource.system(),
            System.out);
    net.listening(server.url());
    System.out.printf("Starting Gossip Node %d on port %d%n", id, server.port());
    System.out.printf(
        "Neighbors: %s  (every %d ms, fanout %d, %s)%n",
        peers, interval.toMillis(), config.fanout(), config.mode().label());
    System.out.flush();
    return Serve.untilShutdown(server, "Gossip node " + id + " stopped.");
  }

  /**
   * {@code 7002,7003} or {@code 127.0.0.1:7002,...} to "host:port" strings; refuses empty items,
   * bad ports, duplicates and the node itself.
   */
  public static List<String> parseNeighbors(String text, String selfHost, int selfPort) {
    return parseAddresses("--neighbors", text, selfHost, selfPort);
  }

  /** As {@link #parseNeighbors}, naming {@code flag} in its messages. */
  static List<String> parseAddresses(String flag, String text, String selfHost, int selfPort) {
    LinkedHashSet<String> peers = new LinkedHashSet<>();
    if (text == null || text.isBlank()) {
      return List.of();
    }
    for (String raw : text.split(",", -1)) {
      String item = raw.trim();
      if (item.isEmpty()) {
        throw new UserError(flag + " has an empty item in '" + text + "'; write 7002,7003");
      }
      int colon = item.lastIndexOf(':');
      String host = colon < 0 ? "127.0.0.1" : item.substring(0, colon);
      String portText = colon < 0 ? item : item.substring(colon + 1);
      if (host.isBlank() || !host.matches("[A-Za-z0-9.\\-]+")) {
        throw new UserError(flag + ": '" + item + "' is not a port or host:port");
      }
      int p;
      try {
        p = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw new UserError(flag + ": '" + item + "' is not a port or host:port");
      }
      Ports.check(flag, p, false);
      if ("localhost".equals(host)) {
        host = "127.0.0.1";
      }
      String peer = host + ":" + p;
      if (p == selfPort && (host.equals(selfHost) || host.equals("127.0.0.1"))) {
        throw new UserError(flag + ": " + item + " is this node itself");
      }
      if (!peers.add(peer)) {
        throw new UserError(flag + ": " + item + " is listed twice");
      }
    }
    return new ArrayList<>(peers);
  }
}
