package workshop.cli;

import java.util.List;
import java.util.Optional;
import workshop.balance.cli.BalanceCheck;
import workshop.node.cli.NodesCheck;

/**
 * Every module of the workshop, in the manual's order. Adding a module means adding one entry here:
 * {@code up}, {@code modules} and {@code verify} read this list.
 */
public final class ModuleCatalog {
  private ModuleCatalog() {}

  /** The module {@code ./workshop up} starts when none is named. */
  public static final String DEFAULT_UP = "01";

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
            BalanceCheck::new));
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

  private static WorkshopModule.Process node(String name, int port, int id) {
    return new WorkshopModule.Process(
        name, List.of("node", "--port", Integer.toString(port), "--id", Integer.toString(id)));
  }
}
