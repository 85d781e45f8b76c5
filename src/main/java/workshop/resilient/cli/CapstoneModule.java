package workshop.resilient.cli;

import workshop.module.WorkshopModule;
import workshop.module.WorkshopModule.Track;

/**
 * Module 23, the capstone: the registry on 5000 and three resilient nodes. It owns every command
 * that works through the registry: the registry and its nodes, the smart client, the dashboard, the
 * load test and the chaos monkey.
 */
public final class CapstoneModule {
  private CapstoneModule() {}

  public static WorkshopModule descriptor() {
    return cluster(WorkshopModule.builder("23", "Resilient System (capstone)", Track.CORE))
        .hint("./workshop dashboard    (the cluster live: nodes, ring, keys, events)")
        .hint("curl http://localhost:5000/cluster-status")
        .hint(
            "curl -X POST http://localhost:5000/data -H \"Content-Type: application/json\""
                + " -d '{\"key\":\"user:alice\",\"value\":\"Alice\"}'")
        .hint("curl -X POST http://localhost:5000/kill/node-2")
        .hint(
            "curl -X POST http://localhost:5000/data -H \"Content-Type: application/json\""
                + " -d '{\"key\":\"user:bob\",\"value\":\"Bob\"}'")
        .hint("curl http://localhost:5000/data/user:bob")
        .hint("curl -X POST http://localhost:5000/scale-up")
        .hint("curl -X POST http://localhost:5000/restart/node-2")
        .hint("curl http://localhost:5000/graduate")
        .hint("./workshop load-test --read-back    (where 50 writes went; all read back)")
        .hint("./workshop chaos --interval 10s --restart-after 8s    (kill and restart at random)")
        .verify(CapstoneCheck::new)
        .commands(
            RegistryCommand.class,
            ResilientNodeCommand.class,
            LoadTestCommand.class,
            ChaosCommand.class,
            ClusterClientCommand.class,
            DashboardCommand.class)
        .build();
  }

  /** The manual's cluster: the registry on 5000 and node-1 to node-3 on 5001-5003. */
  public static WorkshopModule.Builder cluster(WorkshopModule.Builder module) {
    module.process("registry", "registry", "--port", "5000");
    for (int i = 1; i <= 3; i++) {
      module.process(
          "node-" + i,
          "resilient-node",
          "--port",
          Integer.toString(5000 + i),
          "--id",
          "node-" + i,
          "--registry",
          "http://localhost:5000");
    }
    return module;
  }
}
