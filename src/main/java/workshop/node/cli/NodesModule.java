package workshop.node.cli;

import workshop.module.WorkshopModule;
import workshop.module.WorkshopModule.Track;

/** Module 01, Nodes & RPC: three nodes on the manual's ports, and the commands to talk to them. */
public final class NodesModule {
  private NodesModule() {}

  public static WorkshopModule descriptor() {
    return threeNodes(WorkshopModule.builder("01", "Nodes & RPC", Track.CORE))
        .hint("curl http://localhost:5001/health")
        .hint(
            "curl -X POST http://localhost:5001/data -H \"Content-Type: application/json\""
                + " -d '{\"key\": \"user_123\", \"value\": \"Alice\"}'")
        .hint("curl http://localhost:5001/data/user_123")
        .hint("./workshop client --concurrent 20")
        .verify(NodesCheck::new)
        .commands(NodeCommand.class, ClientCommand.class)
        .build();
  }

  /**
   * Adds node-1, node-2 and node-3 on ports 5001-5003, the manual's nodes; modules 02 and 03 start
   * them too.
   */
  public static WorkshopModule.Builder threeNodes(WorkshopModule.Builder module) {
    for (int i = 1; i <= 3; i++) {
      module.process("node-" + i, "node", "--port", Integer.toString(5000 + i), "--id", "" + i);
    }
    return module;
  }
}
