package workshop.gossip.cli;

import workshop.module.WorkshopModule;
import workshop.module.WorkshopModule.Track;

/** Module 07, Gossip Protocol: four gossip nodes on 7001-7004, each a neighbour of the others. */
public final class GossipModule {
  private GossipModule() {}

  public static WorkshopModule descriptor() {
    WorkshopModule.Builder module = WorkshopModule.builder("07", "Gossip Protocol", Track.CORE);
    for (int id = 1; id <= 4; id++) {
      module.process(
          "gossip-" + id,
          "gossip-node",
          "--port",
          Integer.toString(7000 + id),
          "--id",
          Integer.toString(id),
          "--neighbors",
          neighbors(id));
    }
    return module
        .hint("./workshop viz gossip")
        .hint("curl -X POST http://localhost:7001/update")
        .hint("curl http://localhost:7004/")
        .hint("./workshop sim gossip --nodes 1000 --fanout 1 --mode push-pull --seed 1")
        .verify(GossipCheck::new)
        .commands(GossipNodeCommand.class)
        .views(GossipVizCommand.class)
        .simulations(GossipSimCommand.class)
        .build();
  }

  /** The other three nodes' ports: "7002,7003,7004" for node 1. */
  private static String neighbors(int id) {
    StringBuilder ports = new StringBuilder();
    for (int other = 1; other <= 4; other++) {
      if (other != id) {
        ports.append(ports.isEmpty() ? "" : ",").append(7000 + other);
      }
    }
    return ports.toString();
  }
}
