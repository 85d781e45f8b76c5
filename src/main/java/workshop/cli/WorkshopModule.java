package workshop.cli;

import java.util.List;
import java.util.function.Supplier;
import workshop.verify.ModuleCheck;
import workshop.verify.Verifier;

/**
 * A workshop module as the launcher knows it: what {@code up} starts, what to try next, and its
 * {@code verify} check.
 *
 * @param track "core" or "extended", as in the manual
 * @param processes what {@code ./workshop up <id>} starts, in order
 * @param tryNext commands printed once everything is up
 * @param checks builds the module's {@code verify} check; null while the module has none
 */
public record WorkshopModule(
    String id,
    String title,
    String track,
    List<Process> processes,
    List<String> tryNext,
    Supplier<ModuleCheck> checks)
    implements Verifier.VerifiableModule {

  /** One process of {@code up}: a name for its output prefix and its workshop arguments. */
  public record Process(String name, List<String> args) {}

  @Override
  public ModuleCheck check() {
    return checks.get();
  }

  public boolean verifiable() {
    return checks != null;
  }
}
