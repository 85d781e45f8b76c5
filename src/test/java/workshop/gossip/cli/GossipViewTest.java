package workshop.gossip.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import workshop.Golden;
import workshop.support.term.Frame;
import workshop.support.term.Size;

class GossipViewTest {
  static final long T = 1_767_261_600_000L; // 2026-01-01T10:00:00Z

  static GossipView.Reading node(int id, Map<Integer, Long> states, Map<Integer, Long> learned) {
    return new GossipView.Reading("127.0.0.1:" + (7000 + id), true, id, states, learned, 2000);
  }

  @Test
  void showsWhoHasTheNewestUpdateAndWhenItConverged() throws IOException {
    Map<Integer, Long> all = Map.of(1, 1L, 2, 0L, 3, 0L, 4, 0L);
    Frame spreading =
        GossipView.render(
            List.of(
                node(1, all, Map.of(1, T)),
                node(2, Map.of(1, 0L, 2, 0L, 3, 0L, 4, 0L), Map.of()),
                GossipView.Reading.offline("127.0.0.1:7003"),
                node(4, all, Map.of(1, T + 3_100))),
            "Try: curl -X POST http://127.0.0.1:7001/update",
            new Size(80, 23));
    Frame converged =
        GossipView.render(
            List.of(
                node(1, all, Map.of(1, T)),
                node(2, all, Map.of(1, T + 5_800)),
                node(3, all, Map.of(1, T + 2_000)),
                node(4, all, Map.of(1, T + 3_100))),
            "Try: curl -X POST http://127.0.0.1:7001/update",
            new Size(80, 23));
    String actual =
        String.join("\n", spreading.screen())
            + "\n-- line: "
            + spreading.line()
            + "\n\n"
            + String.join("\n", converged.screen())
            + "\n-- line: "
            + converged.line()
            + "\n";
    Golden.assertMatches("gossip/view.txt", actual);
  }

  @Test
  void aShortTerminalKeepsTheTableAndTheVerdictAndSaysWhatItHides() {
    List<GossipView.Reading> twenty = new java.util.ArrayList<>();
    for (int id = 1; id <= 20; id++) {
      twenty.add(node(id, Map.of(1, 1L), Map.of(1, T + id * 100L)));
    }
    Frame f = GossipView.render(twenty, "Try: curl -X POST ...", new Size(80, 23));
    // 3 table lines and 20 rows, 1 + 20 times, the verdict, the hint and 3 blank lines: 49 rows.
    // Node 1 learned it first (T + 0.1 s), node 20 last (T + 2.0 s): 1.9 s.
    assertThat(f.screen()).hasSize(23);
    assertThat(f.screen().get(0)).isEqualTo("Gossip Protocol: State Propagation");
    assertThat(f.screen())
        .contains("Converged in 1.9 s (all 20 nodes have it)")
        .last()
        .isEqualTo("… hidden: 4 nodes, 19 node times, hint (50 rows show all)");
  }

  @Test
  void saysSoWhenThereIsNoUpdateYet() {
    Frame f =
        GossipView.render(List.of(node(1, Map.of(1, 0L), Map.of())), "hint", new Size(80, 23));
    assertThat(f.line()).isEqualTo("no update yet");
  }

  static String golden(String resource) throws IOException {
    try (InputStream in = GossipViewTest.class.getResourceAsStream(resource)) {
      return in == null
          ? "(missing golden file " + resource + ")"
          : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
