package workshop.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import workshop.module.WorkshopModule;
import workshop.support.cli.UserError;
import workshop.verify.Checkpoint;
import workshop.verify.Verifier;

/**
 * {@code ./workshop verify <module|core|all>}: run a module's manual and check every checkpoint.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Run a module's manual steps on free ports and check each checkpoint.",
      "Prints one line per checkpoint with what it observed; exit code 0 only if all held."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "MODULE",
      description = "A module id (e.g. 01), `core` (the manual's core track) or `all`.")
  String module;

  @Override
  public Integer call() {
    List<WorkshopModule> modules = select(module);
    List<Checkpoint> results = Verifier.run(List.copyOf(modules), System.out);
    return !results.isEmpty() && results.stream().allMatch(Checkpoint::passed) ? 0 : 1;
  }

  static List<WorkshopModule> select(String which) {
    List<WorkshopModule> verifiable =
        ModuleCatalog.all().stream().filter(WorkshopModule::verifiable).toList();
    String w = which.trim().toLowerCase();
    if (w.equals("all")) {
      return verifiable;
    }
    if (w.equals("core")) {
      return verifiable.stream().filter(m -> m.track() == WorkshopModule.Track.CORE).toList();
    }
    WorkshopModule m =
        ModuleCatalog.find(which)
            .orElseThrow(
                () ->
                    new UserError(
                        "no module '"
                            + which
                            + "'; choose one of "
                            + String.join(
                                ", ", verifiable.stream().map(WorkshopModule::id).toList())
                            + ", core or all"));
    if (!m.verifiable()) {
      throw new UserError("module " + m.id() + " has no verify check yet");
    }
    return List.of(m);
  }
}
