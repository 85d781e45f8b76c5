package workshop.sharding.cli;

import workshop.module.WorkshopModule;
import workshop.module.WorkshopModule.Track;
import workshop.node.cli.NodesModule;

/** Module 03, Sharding & Consistent Hashing: the three nodes behind a key router on 6000. */
public final class ShardingModule {
  private ShardingModule() {}

  public static WorkshopModule descriptor() {
    return NodesModule.threeNodes(
            WorkshopModule.builder("03", "Sharding & Consistent Hashing", Track.CORE))
        .process(
            "router",
            "router",
            "--serve",
            "--strategy",
            "consistent",
            "--port",
            "6000",
            "--nodes",
            "http://localhost:5001,http://localhost:5002,http://localhost:5003")
        .hint("./workshop viz rebalancing")
        .hint("./workshop router --add \"Node D\"")
        .hint(
            "curl -X POST http://localhost:6000/data -H \"Content-Type: application/json\""
                + " -d '{\"key\": \"user_123\", \"value\": \"Alice\"}'")
        .hint("curl http://localhost:6000/owner/user_123")
        .hint("./workshop node --port 5004 --id 4   (in another terminal), then:")
        .hint(
            "curl -X POST http://localhost:6000/nodes -H \"Content-Type: application/json\""
                + " -d '{\"url\": \"http://localhost:5004\"}'")
        .verify(ShardingCheck::new)
        .commands(RouterCommand.class)
        .views(RebalancingVizCommand.class)
        .build();
  }
}
