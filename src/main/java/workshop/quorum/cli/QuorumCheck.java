package workshop.quorum.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import workshop.quorum.QuorumConfig;
import workshop.verify.ModuleCheck;
import workshop.verify.VerifyRun;

/**
 * {@code ./workshop verify 05}: the manual's checkpoint (3/3 SUCCESS, 2/3 SUCCESS (quorum met), 1/3
 * FAILURE) with writes too, the stale read at R=W=1 and none at R+W>N, and the partition. Replicas
 * are real HTTP servers on free ports in this process; the transcript is kept quiet and each
 * checkpoint shows the line it rests on.
 */
public final class QuorumCheck implements ModuleCheck {
  @Override
  public void run(VerifyRun run) {
    ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    AvailabilityDemo demo =
        new AvailabilityDemo(new PrintStream(transcript, true, StandardCharsets.UTF_8));

    run.step("Step 1: ./workshop viz availability (N=3, W=2, R=2), killing Node 2 then Node 3");
    List<AvailabilityDemo.Stage> stages = demo.killOneByOne(QuorumConfig.DEFAULT);
    AvailabilityDemo.Stage all = stages.get(0);
    AvailabilityDemo.Stage two = stages.get(1);
    AvailabilityDemo.Stage one = stages.get(2);
    run.check(
        "3/3 nodes: SUCCESS",
        all.read().ok() && all.read().answered().size() == 3 && all.write().ok(),
        all.read().reason());
    run.check(
        "2/3 nodes: SUCCESS (quorum met)",
        two.read().ok() && two.read().reason().startsWith("SUCCESS (Quorum Met)"),
        two.read().reason());
    run.check(
        "1/3 nodes: FAILURE",
        !one.read().ok() && one.read().reason().startsWith("FAILURE"),
        one.read().reason());
    run.check(
        "Writes too: W=2 succeeds with 2/3 replicas and fails with 1/3",
        two.write().ok() && !one.write().ok(),
        two.write().reason() + " / " + one.write().reason());

    run.step("Discussion: R=1, W=1 against R+W>N, when the replicas holding a write fail");
    AvailabilityDemo.StaleOutcome weak = demo.staleScenario(new QuorumConfig(3, 1, 1));
    run.check(
        "R=1, W=1: a read after a replica missed the write returns a stale value",
        weak.stale(),
        String.format(
            "%s: version %d acknowledged, read returned version %d (%s)",
            weak.config(), weak.acknowledged(), weak.returned(), weak.reason()));
    AvailabilityDemo.StaleOutcome strong = demo.staleScenario(QuorumConfig.DEFAULT);
    AvailabilityDemo.StaleOutcome five = demo.staleScenario(new QuorumConfig(5, 3, 3));
    run.check(
        "R+W>N: the same failures never give a stale read",
        strong.ok() && !strong.stale() && five.ok() && !five.stale(),
        String.format(
            "%s returned version %d of %d; %s returned version %d of %d",
            strong.config(),
            strong.returned(),
            strong.acknowledged(),
            five.config(),
            five.returned(),
            five.acknowledged()));

    run.step("CAP: a partition isolates Node 3 with client-b");
    AvailabilityDemo.PartitionOutcome cp = demo.partition(QuorumConfig.DEFAULT);
    AvailabilityDemo.PartitionOutcome ap = demo.partition(new QuorumConfig(3, 1, 1));
    run.check(
        "Partition: R=W=2 refuses on the minority side; R=W=1 answers with stale data",
        cp.majorityWrite().ok()
            && !cp.minorityRead().ok()
            && !cp.minorityWrite().ok()
            && ap.minorityReadStale(),
        "R=W=2 minority read: "
            + cp.minorityRead().reason()
            + " / R=W=1 minority read: "
            + ap.minorityRead().reason());
  }
}
