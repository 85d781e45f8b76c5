package workshop.cap.cli;

import workshop.module.WorkshopModule;
import workshop.module.WorkshopModule.Track;

/**
 * The basics lab (seed 004, "11 - Distributed Systems Basics"): its CAP step for now. Nothing for
 * {@code up} to start: {@code ./workshop cap --mode cp|ap} starts the replicas in the mode asked.
 */
public final class CapModule {
  private CapModule() {}

  public static WorkshopModule descriptor() {
    return WorkshopModule.builder("11", "Distributed Systems Basics", Track.EXTENDED)
        .hint("./workshop cap --mode cp")
        .hint("./workshop cap --mode ap")
        .commands(CapCommand.class, CapReplicaCommand.class)
        .build();
  }
}
