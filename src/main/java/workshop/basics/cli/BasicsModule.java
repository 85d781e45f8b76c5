package workshop.basics.cli;

import workshop.module.WorkshopModule;
import workshop.module.WorkshopModule.Track;

/**
 * The basics lab (partitions, pauses and latency on real processes): the capstone's cluster, a
 * registry on 5000 and three replicas, for {@code ./workshop net} and {@code pause} to break.
 */
public final class BasicsModule {
  private BasicsModule() {}

  public static WorkshopModule descriptor() {
    WorkshopModule.Builder module =
        WorkshopModule.builder(
                "basics", "The basics lab: partitions, pauses and latency", Track.LAB)
            .process("registry", "registry", "--port", "5000");
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
    return module
        .hint("./workshop net partition registry,node-1,node-2 from node-3    (Step 3)")
        .hint("./workshop net show")
        .hint("./workshop net heal")
        .hint("./workshop pause node-2 --for 15s    (Step 6)")
        .hint("./workshop net delay node-2 100ms    (Step 7)")
        .hint("./workshop net reset    (no faults, nothing paused)")
        .verify(BasicsCheck::new)
        .build();
  }
}
