package workshop.cap.cli;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.cap.CapConfig;
import workshop.cap.CapMessage;
import workshop.cap.CapMode;
import workshop.cap.http.CapServer;
import workshop.fault.http.NetFaults;
import workshop.protocol.http.ProtocolServer;
import workshop.support.cli.Ports;
import workshop.support.cli.Serve;
import workshop.support.cli.UserError;

/**
 * {@code ./workshop cap-replica --id 1 --mode cp --ports 6401,6402,6403}: one replica of the CAP
 * lab, named {@code cap-<id>}, listening on the id-th port of the list; the others are its peers.
 * {@code ./workshop cap} starts one per port.
 */
@Command(
    name = "cap-replica",
    mixinStandardHelpOptions = true,
    description = {
      "One replica of the CAP lab; `./workshop cap` starts three to five of them.",
      "Endpoints: POST /data {\"key\": ..., \"value\": ...}, GET /data/{key}, GET /lost, GET /,"
          + " GET /health, GET /stats."
    },
    footer = {"", "Example:", "  ./workshop cap-replica --id 3 --mode cp --ports 6401,6402,6403"})
public final class CapReplicaCommand implements Callable<Integer> {
  @Option(
      names = "--id",
      required = true,
      description = "This replica's number, from 1 to the count of ports; it is named cap-<id>.")
  int id;

  @Option(
      names = "--mode",
      required = true,
      description = "Either cp (a majority or nothing) or ap (always accept, reconcile later).")
  String mode;

  @Option(
      names = "--ports",
      required = true,
      description = "Every replica's port in id order, three to five of them, e.g. 6401,6402,6403.")
  String ports;

  @Option(names = "--seed", description = "Seeds the replica's random draws (default: random).")
  Long seed;

  @Override
  public Integer call() {
    CapMode m = parseMode(mode);
    List<Integer> all = parsePorts(ports);
    if (id < 1 || id > all.size()) {
      throw new UserError("--id must be from 1 to " + all.size() + " (one per port), got " + id);
    }
    List<String> names = new ArrayList<>();
    Map<String, String> peers = new LinkedHashMap<>();
    for (int i = 1; i <= all.size(); i++) {
      names.add(name(i));
      if (i != id) {
        peers.put(name(i), "127.0.0.1:" + all.get(i - 1));
      }
    }
    String self = name(id);
    NetFaults net = NetFaults.forThisProcess(self, System.out);
    ProtocolServer<CapMessage> server =
        CapServer.start(
            new CapServer.Settings(
                self, "127.0.0.1", all.get(id - 1), peers, new CapConfig(m, names)),
            seed == null ? new SplittableRandom().nextLong() : seed,
            net,
            InstantSource.system(),
            System.out);
    net.listening(server.url());
    System.out.printf(
        "Replica %s (%s) on %s; peers %s%n", self, m.label(), server.url(), peers.keySet());
    System.out.flush();
    return Serve.untilShutdown(server, "Replica " + self + " stopped.");
  }

  static String name(int id) {
    return "cap-" + id;
  }

  static CapMode parseMode(String text) {
    try {
      return CapMode.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserError("--mode: " + e.getMessage());
    }
  }

  /** "6401,6402,6403" to ports; refuses empty items, bad ports, repeats and a count outside 3-5. */
  static List<Integer> parsePorts(String text) {
    List<Integer> out = new ArrayList<>();
    for (String raw : text.split(",", -1)) {
      String item = raw.trim();
      int p;
      try {
        p = Integer.parseInt(item);
      } catch (NumberFormatException e) {
        throw new UserError("--ports: '" + item + "' is not a port; write 6401,6402,6403");
      }
      Ports.check("--ports", p, false);
      if (out.contains(p)) {
        throw new UserError("--ports: " + p + " is listed twice");
      }
      out.add(p);
    }
    try {
      CapConfig.checkReplicas(out.size());
    } catch (IllegalArgumentException e) {
      throw new UserError("--ports: " + e.getMessage());
    }
    return out;
  }
}
