package workshop.sharding.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.fault.http.NetFaults;
import workshop.sharding.Rebalance;
import workshop.sharding.ShardingStrategy;
import workshop.sharding.http.ShardRouterServer;
import workshop.support.cli.Ports;
import workshop.support.cli.Serve;
import workshop.support.cli.UserError;
import workshop.support.http.TokenTrust;

/**
 * {@code ./workshop router}: the manual's Module 03 Step 2 (which node owns a key) and Step 3 (swap
 * the strategy in {@code RouterStrategy.java}, add a 4th node, see which keys move). With {@code
 * --serve} it is a real router in front of module 01 nodes.
 */
@Command(
    name = "router",
    mixinStandardHelpOptions = true,
    description = {
      "Module 03: which node owns a key, and what adding or removing a node changes.",
      "The default strategy is the one in src/main/java/workshop/sharding/cli/RouterStrategy.java"
          + " (Step 3: comment line 7, uncomment line 8); --strategy overrides it.",
      "With --serve: a shard router in front of module 01 nodes (POST /data, GET /data/{key},"
          + " GET /owner/{key}, GET /nodes, POST /nodes {\"url\"}, DELETE /nodes/{host:port})."
    })
public final class RouterCommand implements Callable<Integer> {
  static final List<String> NODES = List.of("Node A", "Node B", "Node C");

  @Option(
      names = "--strategy",
      description =
          "How to place keys: modulo, consistent or rendezvous (default: the one in"
              + " RouterStrategy.java).")
  String strategy;

  @Option(
      names = "--key",
      arity = "1..*",
      description = "Keys to look up (default user_123, as the original).")
  List<String> keys = new ArrayList<>();

  @Option(names = "--add", description = "Add this node, then look the keys up again.")
  List<String> add = new ArrayList<>();

  @Option(names = "--remove", description = "Remove this node, then look the keys up again.")
  List<String> remove = new ArrayList<>();

  @Option(names = "--serve", description = "Run a shard router over HTTP in front of --nodes.")
  boolean serve;

  @Option(
      names = "--port",
      defaultValue = "6000",
      description = "With --serve: port to listen on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "With --serve: address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--nodes",
      split = ",",
      description =
          "With --serve: module 01 node URLs (default"
              + " http://localhost:5001,http://localhost:5002,http://localhost:5003).")
  List<String> nodes = new ArrayList<>();

  @Override
  public Integer call() {
    Function<List<String>, ShardingStrategy> strategyFor = strategyFor(strategy);
    if (serve) {
      return serve(strategyFor);
    }
    if (!nodes.isEmpty()) {
      throw new UserError("--nodes only works with --serve");
    }
    demo(strategyFor, System.out);
    return 0;
  }

  /** The Step 2/3 demo: owners of the keys, then what each --add/--remove changes. */
  void demo(Function<List<String>, ShardingStrategy> strategyFor, PrintStream out) {
    List<String> lookups = keys.isEmpty() ? List.of("user_123") : keys;
    ShardingStrategy s = strategyFor.apply(NODES);
    out.printf("Router: %s over %s%n", s.name(), s.nodes());
    Map<String, String> owners = lookup(s, lookups, out);
    for (String node : add) {
      s = change(s, node, true, owners, lookups, out);
    }
    for (String node : remove) {
      s = change(s, node, false, owners, lookups, out);
    }
    if (add.isEmpty() && remove.isEmpty()) {
      out.println();
      out.println("Next: add a 4th node:   ./workshop router --add \"Node D\"");
      out.println(
          "Then swap the strategy (comment line 7, uncomment line 8 of"
              + " src/main/java/workshop/sharding/cli/RouterStrategy.java) and run it again.");
    }
  }

  private ShardingStrategy change(
      ShardingStrategy before,
      String node,
      boolean adding,
      Map<String, String> owners,
      List<String> lookups,
      PrintStream out) {
    ShardingStrategy after;
    try {
      after = adding ? before.withNode(node) : before.withoutNode(node);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    out.printf("%n%s '%s'...%n", adding ? "Adding" : "Removing", node);
    for (String key : lookups) {
      String was = owners.get(key);
      String now = after.ownerOf(key);
      out.printf(
          "Key '%s' maps to %s%s%n",
          key, now, now.equals(was) ? "   (stayed)" : "   (moved from " + was + ")");
      owners.put(key, now);
    }
    Rebalance.Result r = Rebalance.between(before, after, Rebalance.numberedKeys(1000));
    out.printf(
        Locale.ROOT,
        "Across key_0 .. key_999: %d of 1000 keys (%.1f%%) change node with %s.%n",
        r.moved(),
        r.movedPercent(),
        after.name());
    return after;
  }

  private static Map<String, String> lookup(
      ShardingStrategy s, List<String> lookups, PrintStream out) {
    Map<String, String> owners = new LinkedHashMap<>();
    for (String key : lookups) {
      String owner = s.ownerOf(key);
      owners.put(key, owner);
      out.printf("Key '%s' maps to %s%n", key, owner);
    }
    return owners;
  }

  private int serve(Function<List<String>, ShardingStrategy> strategyFor) {
    if (!keys.isEmpty() || !add.isEmpty() || !remove.isEmpty()) {
      throw new UserError(
          "--key, --add and --remove are for the demo; with --serve use POST /nodes and"
              + " DELETE /nodes/{host:port}");
    }
    Ports.check("--port", port, false);
    List<String> urls =
        nodes.isEmpty()
            ? List.of("http://localhost:5001", "http://localhost:5002", "http://localhost:5003")
            : nodes;
    ShardRouterServer server;
    NetFaults net = NetFaults.forThisProcess("router", System.out);
    try {
      server =
          ShardRouterServer.start(
              host, port, urls, strategyFor, net, TokenTrust.fromEnvironment(), System.out);
      net.listening(server.url());
    } catch (workshop.support.http.HttpError e) {
      throw new UserError("--nodes: " + e.getMessage());
    }
    System.out.printf(
        "Shard router (%s) on %s over %s%n",
        strategyFor.apply(server.nodes()).name(), server.url(), server.nodes());
    System.out.printf(
        "Try: curl -X POST %s/data -H \"Content-Type: application/json\" -d '{\"key\":"
            + " \"user_123\", \"value\": \"Alice\"}'%n",
        server.url());
    System.out.printf(
        "     curl -X POST %s/nodes -H \"Content-Type: application/json\" -d '{\"url\":"
            + " \"http://localhost:5004\"}'%n",
        server.url());
    System.out.flush();
    return Serve.untilShutdown(server, "Shard router stopped.");
  }

  static Function<List<String>, ShardingStrategy> strategyFor(String name) {
    if (name == null) {
      return RouterStrategy::of;
    }
    try {
      ShardingStrategy.named(name, List.of("probe"));
    } catch (IllegalArgumentException e) {
      throw new UserError("--strategy: " + e.getMessage());
    }
    return nodes -> ShardingStrategy.named(name, nodes);
  }
}
