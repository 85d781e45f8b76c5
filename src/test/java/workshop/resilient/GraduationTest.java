package workshop.resilient;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import workshop.resilient.Graduation.Milestone;

class GraduationTest {
  @Test
  void withholdsTheArtAndSaysWhatIsMissing() {
    Graduation g = new Graduation();
    g.record(Milestone.WRITE_WHILE_NODE_DEAD, "user:bob written with node-2 dead (2/3 acks)");
    String text = g.render();
    assertThat(text)
        .contains("Not yet! The registry has seen 1 of 2")
        .contains("✅ a write succeeded while a node was dead: user:bob written with node-2 dead")
        .contains("⬜ the cluster grew: a scale-up added a node")
        .contains("try: curl -X POST http://localhost:5000/scale-up")
        .doesNotContain("CONGRATULATIONS");
    assertThat(g.missing()).containsExactly(Milestone.SCALE_UP);
  }

  @Test
  void theManualsStepsOneToSixAloneEarnTheArt() {
    // Step 5 writes user:bob with node-2 dead; Step 6 scales up. The manual never reads a key
    // and never restarts node-2, so neither may be required for the art at Step 7.
    Graduation g = new Graduation();
    g.record(Milestone.WRITE_WHILE_NODE_DEAD, "'user:bob' written to node-3, node-1");
    g.record(Milestone.SCALE_UP, "node-4 joined and was handed 2 keys");
    assertThat(g.complete()).isTrue();
    assertThat(g.render())
        .contains("CONGRATULATIONS")
        .contains("Extras (0 of 2; the art does not need them):")
        .contains("⬜ a read was served by another replica because one was down")
        .contains("⬜ a dead node came back and caught up")
        .contains(
            "try: restart a node you killed (curl -X POST http://localhost:5000/restart/node-2");
  }

  @Test
  void extrasAreTickedWhenEarnedButNeverWithholdTheArt() {
    Graduation g = new Graduation();
    g.record(Milestone.NODE_CAME_BACK, "node-2 came back");
    g.record(Milestone.READ_FROM_ANOTHER_REPLICA, "'user:bob' served by node-3");
    assertThat(g.complete()).isFalse();
    assertThat(g.render())
        .contains("Not yet! The registry has seen 0 of 2")
        .contains("Extras (2 of 2, all earned):")
        .contains("✅ a dead node came back and caught up: node-2 came back");
  }

  @Test
  void showsTheArtOnceEveryMilestoneIsReached() {
    Graduation g = new Graduation();
    for (Milestone m : Milestone.values()) {
      g.record(m, "seen");
    }
    assertThat(g.complete()).isTrue();
    assertThat(g.render())
        .contains("CONGRATULATIONS")
        .contains("Werner Vogels")
        .doesNotContain("⬜");
  }

  @Test
  void keepsTheFirstEvidence() {
    Graduation g = new Graduation();
    assertThat(g.record(Milestone.SCALE_UP, "node-4 added")).isTrue();
    assertThat(g.record(Milestone.SCALE_UP, "node-5 added")).isFalse();
    assertThat(g.render()).contains("node-4 added").doesNotContain("node-5");
  }
}
