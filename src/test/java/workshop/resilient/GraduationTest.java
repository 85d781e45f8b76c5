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
        .contains("Not yet! The registry has seen 1 of 4")
        .contains("✅ a write succeeded while a node was dead: user:bob written with node-2 dead")
        .contains("⬜ the cluster grew: a scale-up added a node")
        .contains("try: curl -X POST http://localhost:5000/scale-up")
        .doesNotContain("CONGRATULATIONS");
    assertThat(g.missing())
        .containsExactly(
            Milestone.READ_FROM_ANOTHER_REPLICA, Milestone.SCALE_UP, Milestone.NODE_CAME_BACK);
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
