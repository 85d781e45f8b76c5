package workshop.cli;

import java.util.List;
import java.util.Optional;
import workshop.balance.cli.BalanceCheck;
import workshop.breaker.cli.BreakerCheck;
import workshop.gossip.cli.GossipCheck;
import workshop.node.cli.NodesCheck;
import workshop.quorum.cli.QuorumCheck;
import workshop.resilient.cli.CapstoneCheck;
import workshop.sharding.cli.ShardingCheck;

/**
 * Every module of the workshop, in the manual's order. Adding a module means adding one entry here:
 * {@code up}, {@code modules} and {@code verify} read this list.
 */
public final class ModuleCatalog {
  private ModuleCatalog() {}

  /** The module {@code ./workshop up} starts when none is named. */
  public static final String DEFAULT_UP = "23";

  public static List<WorkshopModule> all() {
    return List.of(
        new WorkshopModule(
            "01",
            "Nodes & RPC",
            "core",
            List.of(node("node-1", 5001, 1), node("node-2", 5002, 2), node("node-3", 5003, 3)),
            List.of(
                "curl http://localhost:5001/health",
                "curl -X POST http://localhost:5001/data -H \"Content-Type: application/json\""
                    + " -d '{\"key\": \"user_123\", \"value\": \"Alice\"}'",
                "curl http://localhost:5001/data/user_123",
                "./workshop client --concurrent 20"),
            NodesCheck::new),
        new WorkshopModule(
            "02",
            "Load Balancing & Rate Limiting",
            "core",
            List.of(
                node("node-1", 5001, 1),
                node("node-2", 5002, 2),
                node("node-3", 5003, 3),
                new WorkshopModule.Process("lb", List.of("lb", "--port", "8080")),
                new WorkshopModule.Process(
                    "node-limited",
                    List.of(
                        "node",
                        "--port",
                        "5004",
                        "--id",
                        "4",
                        "--rate-limit",
                        "5",
                        "--burst",
                        "5"))),
            List.of(
                "curl -i http://localhost:8080/    (see X-Backend change on every call)",
                "curl http://localhost:8080/lb/stats",
                "./workshop viz load-balance",
                "./workshop client --concurrent 20 --target http://localhost:8080",
                "./workshop viz rate-limit    (good user vs bad actor on the rate-limited node"
                    + " 5004)"),
            BalanceCheck::new),
        new WorkshopModule(
            "03",
            "Sharding & Consistent Hashing",
            "core",
            List.of(
                node("node-1", 5001, 1),
                node("node-2", 5002, 2),
                node("node-3", 5003, 3),
                new WorkshopModule.Process(
                    "router",
                    List.of(
                        "router",
                        "--serve",
                        "--strategy",
                        "consistent",
                        "--port",
                        "6000",
                        "--nodes",
                        "http://localhost:5001,http://localhost:5002,http://localhost:5003"))),
            List.of(
                "./workshop viz rebalancing",
                "./workshop router --add \"Node D\"",
                "curl -X POST http://localhost:6000/data -H \"Content-Type: application/json\""
                    + " -d '{\"key\": \"user_123\", \"value\": \"Alice\"}'",
                "curl http://localhost:6000/owner/user_123",
                "./workshop node --port 5004 --id 4   (in another terminal), then:",
                "curl -X POST http://localhost:6000/nodes -H \"Content-Type: application/json\""
                    + " -d '{\"url\": \"http://localhost:5004\"}'"),
            ShardingCheck::new),
        new WorkshopModule(
            "05",
            "Quorums & Availability",
            "core",
            // viz availability starts its own replicas, fresh for every scenario; these three are
            // for curl: write versions by hand, partition one with /fault.
            List.of(replica(1), replica(2), replica(3)),
            List.of(
                "./workshop viz availability",
                "curl -X PUT http://localhost:5101/replica/my_key -H \"Content-Type: application/json\""
                    + " -d '{\"value\": \"v2\", \"version\": 2}'",
                "curl http://localhost:5101/replica/my_key",
                "curl -X POST http://localhost:5103/fault -H \"Content-Type: application/json\""
                    + " -d '{\"block\": [\"curl\"]}'   (then: curl -H 'X-Workshop-Peer: curl'"
                    + " http://localhost:5103/replica/my_key)",
                "./workshop viz availability --n 3 --w 1 --r 1",
                "./workshop viz availability --n 5 --w 3 --r 3"),
            QuorumCheck::new),
        new WorkshopModule(
            "07",
            "Gossip Protocol",
            "core",
            List.of(gossip(1), gossip(2), gossip(3), gossip(4)),
            List.of(
                "./workshop viz gossip",
                "curl -X POST http://localhost:7001/update",
                "curl http://localhost:7004/",
                "./workshop sim gossip --nodes 1000 --fanout 1 --mode push-pull --seed 1"),
            GossipCheck::new),
        new WorkshopModule(
            "09",
            "Circuit Breaker",
            "core",
            List.of(
                new WorkshopModule.Process(
                    "flaky-server", List.of("flaky-server", "--port", "9001"))),
            List.of(
                "./workshop viz breaker",
                "curl -X POST http://localhost:9001/fail",
                "curl -X POST http://localhost:9001/recover",
                "curl -X POST 'http://localhost:9001/slow?ms=3000'"),
            BreakerCheck::new),
        new WorkshopModule(
            "23",
            "Resilient System (capstone)",
            "core",
            List.of(
                new WorkshopModule.Process("registry", List.of("registry", "--port", "5000")),
                resilient(1),
                resilient(2),
                resilient(3)),
            List.of(
                "./workshop dashboard    (the cluster live: nodes, ring, keys, events)",
                "curl http://localhost:5000/cluster-status",
                "curl -X POST http://localhost:5000/data -H \"Content-Type: application/json\""
                    + " -d '{\"key\":\"user:alice\",\"value\":\"Alice\"}'",
                "curl -X POST http://localhost:5000/kill/node-2",
                "curl -X POST http://localhost:5000/data -H \"Content-Type: application/json\""
                    + " -d '{\"key\":\"user:bob\",\"value\":\"Bob\"}'",
                "curl http://localhost:5000/data/user:bob",
                "curl -X POST http://localhost:5000/scale-up",
                "curl -X POST http://localhost:5000/restart/node-2",
                "curl http://localhost:5000/graduate",
                "./workshop load-test --read-back    (where 50 writes went; all read back)",
                "./workshop chaos --interval 10s --restart-after 8s    (kill and restart at random)"),
            CapstoneCheck::new));
  }

  public static Optional<WorkshopModule> find(String id) {
    String wanted = normalize(id);
    return all().stream().filter(m -> m.id().equals(wanted)).findFirst();
  }

  /** "1", "01" and "module-01" all name module 01. */
  static String normalize(String id) {
    String digits = id.trim().toLowerCase().replaceFirst("^module-?", "");
    if (digits.matches("\\d{1,2}")) {
      return String.format("%02d", Integer.parseInt(digits));
    }
    return digits;
  }

  private static WorkshopModule.Process replica(int i) {
    return new WorkshopModule.Process(
        "replica-" + i,
        List.of("replica", "--port", Integer.toString(5100 + i), "--name", "Node " + i));
  }

  private static WorkshopModule.Process node(String name, int port, int id) {
    return new WorkshopModule.Process(
        name, List.of("node", "--port", Integer.toString(port), "--id", Integer.toString(id)));
  }

  private static WorkshopModule.Process gossip(int id) {
    StringBuilder neighbors = new StringBuilder();
    for (int other = 1; other <= 4; other++) {
      if (other != id) {
        neighbors.append(neighbors.isEmpty() ? "" : ",").append(7000 + other);
      }
    }
    return new WorkshopModule.Process(
        "gossip-" + id,
        List.of(
            "gossip-node",
            "--port",
            Integer.toString(7000 + id),
            "--id",
            Integer.toString(id),
            "--neighbors",
            neighbors.toString()));
  }

  private static WorkshopModule.Process resilient(int i) {
    return new WorkshopModule.Process(
        "node-" + i,
        List.of(
            "resilient-node",
            "--port",
            Integer.toString(5000 + i),
            "--id",
            "node-" + i,
            "--registry",
            "http://localhost:5000"));
  }
}
