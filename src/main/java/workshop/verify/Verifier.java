package workshop.verify;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Runs module checks one after the other and says whether every checkpoint held. */
public final class Verifier {
  private Verifier() {}

  /** Runs the checks of {@code modules}; returns every checkpoint recorded. */
  public static List<Checkpoint> run(List<VerifiableModule> modules, PrintStream out) {
    List<Checkpoint> all = new ArrayList<>();
    for (VerifiableModule m : modules) {
      out.println(m.heading());
      out.flush();
      long t0 = System.nanoTime();
      try (VerifyRun run = new VerifyRun(m.id(), out)) {
        try {
          m.check().run(run);
        } catch (VerifyAborted e) {
          run.check("module " + m.id() + " ran to the end", false, e.getMessage());
        } catch (Exception e) {
          run.check(
              "module " + m.id() + " ran to the end",
              false,
              e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (run.results().isEmpty()) {
          run.check("module " + m.id() + " recorded checkpoints", false, "none were recorded");
        }
        all.addAll(run.results());
      }
      out.printf("  (module %s took %.1f s)%n", m.id(), (System.nanoTime() - t0) / 1e9);
    }
    long passed = all.stream().filter(Checkpoint::passed).count();
    out.println(
        (passed == all.size() ? "✅ " : "❌ ") + passed + "/" + all.size() + " checkpoints held.");
    out.flush();
    return all;
  }

  /** A module as the verifier needs it. */
  public interface VerifiableModule {
    String id();

    String title();

    /** The line a run of its check starts with. */
    default String heading() {
      return title();
    }

    ModuleCheck check();
  }
}
