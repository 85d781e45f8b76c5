package workshop.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import workshop.module.WorkshopModule;

/** {@code ./workshop modules}: what exists, and what {@code up} starts for each. */
@Command(
    name = "modules",
    mixinStandardHelpOptions = true,
    description =
        "List the modules, what `./workshop up <module>` starts, and whether `verify` covers it.")
public final class ModulesCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    List<WorkshopModule> all = ModuleCatalog.all();
    int idWidth = all.stream().mapToInt(m -> m.id().length()).max().orElse(2);
    int titleWidth = all.stream().mapToInt(m -> m.title().length()).max().orElse(32);
    for (WorkshopModule m : all) {
      System.out.printf(
          "%-" + idWidth + "s  %-" + titleWidth + "s %-8s verify: %s%n",
          m.id(),
          m.title(),
          m.track().label(),
          m.verifiable() ? "yes" : "not yet");
      for (WorkshopModule.Process p : m.processes()) {
        System.out.printf(
            "      up starts %-10s workshop %s%n", p.name(), String.join(" ", p.args()));
      }
    }
    System.out.println();
    System.out.println(
        "`./workshop up` with no module starts module " + ModuleCatalog.DEFAULT_UP + ".");
    return 0;
  }
}
