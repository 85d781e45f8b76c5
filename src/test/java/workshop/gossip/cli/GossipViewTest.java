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
            "Try: curl -X POST http://127.0.0.1:7001/update");
    Frame converged =
        GossipView.render(
            List.of(
                node(1, all, Map.of(1, T)),
                node(2, all, Map.of(1, T + 5_800)),
                node(3, all, Map.of(1, T + 2_000)),
                node(4, all, Map.of(1, T + 3_100))),
            "Try: curl -X POST http://127.0.0.1:7001/update");
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
  void saysSoWhenThereIsNoUpdateYet() {
    Frame f = GossipView.render(List.of(node(1, Map.of(1, 0L), Map.of())), "hint");
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
