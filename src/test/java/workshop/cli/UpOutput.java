package workshop.cli;

import java.util.List;
import workshop.module.WorkshopModule;

/**
 * What {@code up} prints for a module from its descriptor alone, with its ports where the module
 * puts them: for tests that run {@code up} with ports moved (so they never collide) and compare its
 * output with the docs, which show the module on its own ports.
 */
public final class UpOutput {
  private UpOutput() {}

  /** The hints block of {@code ./workshop up <module>}, ports not moved. */
  public static List<String> hintsWithoutMoves(String module) {
    WorkshopModule m = ModuleCatalog.find(module).orElseThrow();
    return UpCommand.hints(
        m,
        PortMoves.parse(m, List.of()),
        m.processes().stream().map(WorkshopModule.Process::name).toList());
  }
}
