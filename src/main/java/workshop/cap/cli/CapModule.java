package workshop.cap.cli;

import workshop.module.WorkshopModule;
import workshop.module.WorkshopModule.Track;

/**
 * The CAP lab (the basics lab's first key concept): three replicas on 6401-6403 in cp mode for
 * {@code ./workshop up cap}; {@code ./workshop cap --mode cp|ap [--replicas 3..5]} starts either
 * mode, with three to five.
 */
public final class CapModule {
  private CapModule() {}

  public static WorkshopModule descriptor() {
    WorkshopModule.Builder module =
        WorkshopModule.builder("cap", "The CAP lab: one partition, two answers", Track.LAB);
    for (int id = 1; id <= 3; id++) {
      module.process(
          CapReplicaCommand.name(id),
          "cap-replica",
          "--id",
          Integer.toString(id),
          "--mode",
          "cp",
          "--ports",
          "6401,6402,6403");
    }
    CapCommand.hints(3, 6401).stream()
        .map(String::strip)
        .filter(line -> line.startsWith("curl") || line.startsWith("./workshop net"))
        .forEach(module::hint);
    return module
        .hint("./workshop cap --mode ap    (the same replicas, available instead of consistent)")
        .verify(CapCheck::new)
        .commands(CapCommand.class, CapReplicaCommand.class)
        .build();
  }
}
