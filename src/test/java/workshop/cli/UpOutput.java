package workshop.cli;

import java.util.ArrayList;
import java.util.List;
import workshop.module.WorkshopModule;

/**
 * What {@code up} prints for a module from its descriptor alone, for tests that run {@code up} with
 * every port moved (so they never collide with anything) and compare its output with the docs,
 * which show the module on its own ports, or with the moves the doc's command makes.
 */
public final class UpOutput {
  private UpOutput() {}

  /** The hints block of {@code ./workshop up <module> [--port NAME=PORT]...}. */
  public static List<String> hints(String module, List<String> moves) {
    WorkshopModule m = ModuleCatalog.find(module).orElseThrow();
    return UpCommand.hints(
        m,
        PortMoves.parse(m, moves),
        m.processes().stream().map(WorkshopModule.Process::name).toList());
  }

  /** The hints block of {@code ./workshop up <module>}, ports not moved. */
  public static List<String> hintsWithoutMoves(String module) {
    return hints(module, List.of());
  }

  /** The {@code Ports moved: ...} line {@code up} prints for {@code moves}, if any. */
  public static List<String> portsMoved(String module, List<String> moves) {
    WorkshopModule m = ModuleCatalog.find(module).orElseThrow();
    PortMoves ports = PortMoves.parse(m, moves);
    List<String> lines = new ArrayList<>();
    if (!ports.isEmpty()) {
      lines.add("Ports moved: " + ports.describe(m) + ".");
    }
    return lines;
  }
}
