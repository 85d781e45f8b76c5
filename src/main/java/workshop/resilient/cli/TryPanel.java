package workshop.resilient.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workshop.resilient.cli.DashboardView.Node;
import workshop.support.term.Block;
import workshop.support.term.Wrap;

/**
 * The manual's next steps as commands to paste into another terminal. Commands are never cut: one
 * too long for the terminal continues on the next line after a {@code \}, so it still pastes.
 */
final class TryPanel {
  static final String LABEL = "  %-10s ";
  static final String CONTINUED = " ".repeat(15);

  private TryPanel() {}

  /**
   * @param loadTest whether this toolkit has a {@code load-test} command to suggest
   */
  static Block block(DashboardModel m, boolean loadTest) {
    String reg = m.snapshot().registry();
    List<List<String>> items = new ArrayList<>();
    List<String> alive =
        m.nodes().stream().filter(n -> n.status().equals("alive")).map(Node::id).toList();
    if (!alive.isEmpty()) {
      // The manual kills node-2; any live node will do when it is gone.
      String victim = alive.contains("node-2") ? "node-2" : alive.get(0);
      items.add(command(m, "kill", "curl -X POST " + reg + "/kill/" + victim));
    }
    items.add(
        command(
            m,
            "write",
            "curl -X POST " + reg + "/data",
            "-H \"Content-Type: application/json\"",
            "-d '{\"key\":\"user:bob\",\"value\":\"Bob\"}'"));
    items.add(command(m, "read", "curl " + reg + "/data/user:bob"));
    items.add(command(m, "scale up", "curl -X POST " + reg + "/scale-up"));
    items.add(command(m, "graduate", "curl " + reg + "/graduate"));
    String flag = reg.equals("http://localhost:5000") ? "" : " --registry " + reg;
    items.add(command(m, "client", "./workshop cluster-client" + flag + " demo"));
    if (loadTest) {
      items.add(command(m, "load test", "./workshop load-test" + flag));
    }
    items.add(List.of("  (Ctrl+C quits the dashboard; the cluster keeps running)"));
    return Block.shrinks("commands", m.title("Try (in another terminal)"), items, 1, 4);
  }

  private static List<String> command(DashboardModel m, String label, String... parts) {
    return Wrap.command(
        String.format(Locale.ROOT, LABEL, label), List.of(parts), m.width(), CONTINUED);
  }
}
