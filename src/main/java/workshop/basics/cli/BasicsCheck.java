package workshop.basics.cli;

import workshop.verify.ModuleCheck;
import workshop.verify.VerifyRun;

/**
 * {@code ./workshop verify basics}: the lab's steps on real processes, in the lab's order where
 * they share servers. Steps 1, 2 and 8 on two file servers ({@link ToolSteps}); Steps 3, 6 and 7 on
 * a registry and three replicas, as under {@code up basics} ({@link FaultSteps}); Step 10 on the
 * cascade's three tiers ({@link CascadeStep}). Every command is the one the lesson shows, run as a
 * separate process as in another terminal.
 */
public final class BasicsCheck implements ModuleCheck {
  @Override
  public void run(VerifyRun run) {
    new ToolSteps(run).run();
    new FaultSteps(run).run();
    new CascadeStep(run).run();
  }
}
