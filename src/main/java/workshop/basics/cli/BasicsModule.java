package workshop.basics.cli;

import workshop.cascade.cli.CascadeCommand;
import workshop.module.WorkshopModule;
import workshop.module.WorkshopModule.Track;
import workshop.resilient.cli.CapstoneModule;

/**
 * The basics lab (file servers, faults and a cascade on real processes): the capstone's cluster, a
 * registry on 5000 and three replicas, for {@code ./workshop net} and {@code pause} to break; and
 * {@code ./workshop cascade} (step 10), which starts three servers of its own.
 */
public final class BasicsModule {
  private BasicsModule() {}

  public static WorkshopModule descriptor() {
    return CapstoneModule.cluster(
            WorkshopModule.builder(
                "basics", "The basics lab: servers, faults and a cascade", Track.LAB))
        .hint("./workshop net partition registry,node-1,node-2 from node-3    (Step 3)")
        .hint("./workshop net show")
        .hint("./workshop net heal")
        .hint("./workshop pause node-2 --for 15s    (Step 6)")
        .hint("./workshop net delay node-2 100ms    (Step 7)")
        .hint("./workshop net reset    (no faults, nothing paused)")
        .hint(
            "./workshop cascade --protect none, then --protect all    (Step 10; servers of its own)")
        .verify(BasicsCheck::new)
        .commands(CascadeCommand.class)
        .build();
  }
}
