package workshop.resilient.cli;

import java.util.ArrayList;
import java.util.List;
import workshop.support.term.Block;

/**
 * The faults in force on this machine's workshop processes ({@code ./workshop net}, {@code
 * ./workshop pause}), one line each with what it does to calls, so that a node marked dead or a
 * write that timed out has its cause on the same screen. Absent when nothing is in force; when room
 * is short it keeps its first two lines and counts the rest.
 */
final class FaultsPanel {
  private FaultsPanel() {}

  static Block block(DashboardModel m) {
    List<String> faults = m.snapshot().faults();
    if (faults.isEmpty()) {
      return null;
    }
    List<List<String>> items = new ArrayList<>();
    faults.forEach(f -> items.add(List.of("  " + f)));
    return Block.shrinks(
        "faults",
        m.title("Faults in force (./workshop net show; net reset ends them)"),
        items,
        2,
        7);
  }
}
