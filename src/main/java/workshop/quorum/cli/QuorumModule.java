package workshop.quorum.cli;

import workshop.module.WorkshopModule;
import workshop.module.WorkshopModule.Track;

/**
 * Module 05, Quorums & Availability. {@code viz availability} starts its own replicas, fresh for
 * every scenario; the three {@code up} starts are for curl: write versions by hand, partition one
 * with {@code /fault}.
 */
public final class QuorumModule {
  private QuorumModule() {}

  public static WorkshopModule descriptor() {
    WorkshopModule.Builder module =
        WorkshopModule.builder("05", "Quorums & Availability", Track.CORE);
    for (int i = 1; i <= 3; i++) {
      module.process(
          "replica-" + i, "replica", "--port", Integer.toString(5100 + i), "--name", "Node " + i);
    }
    return module
        .hint("./workshop viz availability")
        .hint(
            "curl -X PUT http://localhost:5101/replica/my_key -H \"Content-Type:"
                + " application/json\" -d '{\"value\": \"v2\", \"version\": 2}'")
        .hint("curl http://localhost:5101/replica/my_key")
        .hint(
            "curl -X POST http://localhost:5103/fault -H \"Content-Type: application/json\""
                + " -d '{\"block\": [\"curl\"]}'   (then: curl -H 'X-Workshop-Peer: curl'"
                + " http://localhost:5103/replica/my_key)")
        .hint("./workshop viz availability --n 3 --w 1 --r 1")
        .hint("./workshop viz availability --n 5 --w 3 --r 3")
        .verify(QuorumCheck::new)
        .commands(ReplicaCommand.class)
        .views(AvailabilityVizCommand.class)
        .build();
  }
}
