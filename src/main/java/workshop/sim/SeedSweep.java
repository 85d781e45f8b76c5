package workshop.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one scenario under many seeds and reports the first that fails, with a readable trace. A
 * sweep runs each seed without tracing (fast); when one fails it runs that seed again with the full
 * trace, which replays the failure exactly because a run depends on its seed alone: the second run
 * is the proof, and its trace is the story.
 */
public final class SeedSweep {
  /** Lines of trace kept before the failure. */
  public static final int TRACE_LINES = 60;

  /** A scenario under one seed: runs it and returns what went wrong, or null when all held. */
  @FunctionalInterface
  public interface Scenario {
    /**
     * @throws InvariantViolation when an invariant breaks (that is a failure too)
     */
    String run(long seed, TraceLevel level, Consumer<String> trace);
  }

  /** The first failing seed, what failed, and the last lines of its trace. */
  public record Failure(long seed, int seedsTried, String problem, List<String> trace) {}

  private SeedSweep() {}

  /** Tries seeds {@code first}, {@code first + 1}, ... ({@code count} of them). */
  public static Optional<Failure> run(long first, int count, Scenario scenario) {
    for (int i = 0; i < count; i++) {
      long seed = first + i;
      if (problem(scenario, seed, TraceLevel.OFF, null) != null) {
        ArrayDeque<String> lines = new ArrayDeque<>();
        Consumer<String> keep =
            line -> {
              if (lines.size() == TRACE_LINES) {
                lines.removeFirst();
              }
              lines.addLast(line);
            };
        String problem = problem(scenario, seed, TraceLevel.ALL, keep);
        if (problem == null) {
          problem =
              "the first run failed but the traced rerun did not: the run is not deterministic";
        }
        return Optional.of(new Failure(seed, i + 1, problem, new ArrayList<>(lines)));
      }
    }
    return Optional.empty();
  }

  private static String problem(Scenario s, long seed, TraceLevel level, Consumer<String> trace) {
    try {
      return s.run(seed, level, trace);
    } catch (InvariantViolation v) {
      return v.getMessage();
    }
  }
}
