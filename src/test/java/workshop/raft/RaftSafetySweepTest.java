package workshop.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import workshop.sim.InvariantViolation;
import workshop.sim.SeedSweep;
import workshop.sim.TraceLevel;

/**
 * Raft's four safety properties, checked after every step of a thousand seeded runs of chaos
 * (crashes, restarts, pauses, partitions, loss, duplication, reordering) on clusters of three and
 * five, with clients that check exactly-once writes and linearizable reads, and a leader and every
 * answer once healed. A failing seed prints its trace and a transcript that replays it; run one
 * seed with {@code -Draft.first=42 -Draft.seeds=1}.
 */
class RaftSafetySweepTest {
  @Test
  void aThousandSeedsOfChaosNeverBreakSafetyAndHealedClustersAnswerEveryClient() {
    long first = Long.getLong("raft.first", 1);
    int count = Integer.getInteger("raft.seeds", 1000);
    long start = System.nanoTime();
    Optional<SeedSweep.Failure> failure =
        SeedSweep.run(
            first, count, (seed, level, trace) -> new RaftChaos(seed, level, trace).run());
    System.out.printf(
        "raft safety sweep: %d seeds from %d in %.1f s%n",
        count, first, (System.nanoTime() - start) / 1e9);
    failure.ifPresent(
        f -> {
          RaftChaos replay = new RaftChaos(f.seed(), TraceLevel.OFF, null);
          try {
            replay.run();
          } catch (InvariantViolation stopped) {
            // the script up to the violation is what replays it
          }
          throw new AssertionError(
              "seed "
                  + f.seed()
                  + ": "
                  + f.problem()
                  + "\n--- last trace lines ---\n"
                  + String.join("\n", f.trace())
                  + "\n--- transcript that replays it (transcripts/raft/, then rewrite) ---\n"
                  + replay.transcript());
        });
    assertThat(failure).isEmpty();
  }
}
