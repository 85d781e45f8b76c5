package workshop.module;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import workshop.verify.ModuleCheck;
import workshop.verify.Verifier;

/**
 * A workshop module as the launcher knows it: its id and title, what {@code ./workshop up} starts,
 * what to try once it is up, its {@code verify} check, and the commands, live views ({@code
 * ./workshop viz ...}) and simulations ({@code ./workshop sim ...}) it adds to the command line.
 *
 * <p>Each module ships one descriptor in its concept's shell (for example {@code
 * gossip/cli/GossipModule.java}); the catalog lists the descriptors, one line per module, and the
 * command line is built from them. So adding a module touches its own package and one line. A core
 * never sees its descriptor: the descriptor points down at the shell's commands, never the other
 * way.
 *
 * @param processes what {@code ./workshop up <id>} starts, in order
 * @param hints commands printed once everything is up ("Try, in another terminal:")
 * @param checks builds the module's {@code verify} check; null while the module has none
 * @param commands picocli command classes added under {@code ./workshop}
 * @param views picocli command classes added under {@code ./workshop viz}
 * @param simulations picocli command classes added under {@code ./workshop sim}
 */
public record WorkshopModule(
    String id,
    String title,
    Track track,
    List<Process> processes,
    List<String> hints,
    Supplier<ModuleCheck> checks,
    List<Class<?>> commands,
    List<Class<?>> views,
    List<Class<?>> simulations)
    implements Verifier.VerifiableModule {

  /** The manual's two tracks. */
  public enum Track {
    CORE,
    EXTENDED,
    /** The basics lab: faults, latency and failures on real processes, beside the manual. */
    LAB;

    /** "core", "extended" or "lab", as {@code ./workshop modules} prints it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One process of {@code up}: a name for its output prefix and its workshop arguments. */
  public record Process(String name, List<String> args) {
    public Process {
      args = List.copyOf(args);
    }
  }

  public WorkshopModule {
    if (id == null || !id.matches("\\d{2}|[a-z][a-z0-9-]{0,19}")) {
      throw new IllegalArgumentException(
          "a module id is two digits, like 07, or a short lowercase word, like basics; got " + id);
    }
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("module " + id + " needs a title");
    }
    processes = List.copyOf(processes);
    hints = List.copyOf(hints);
    commands = List.copyOf(commands);
    views = List.copyOf(views);
    simulations = List.copyOf(simulations);
  }

  /** Starts a descriptor: {@code WorkshopModule.builder("07", "Gossip Protocol", Track.CORE)}. */
  public static Builder builder(String id, String title, Track track) {
    return new Builder(id, title, track);
  }

  @Override
  public ModuleCheck check() {
    if (checks == null) {
      throw new IllegalStateException("module " + id + " has no verify check yet");
    }
    return checks.get();
  }

  /** "Module 23: Resilient System (capstone)"; a lab that is not one of the manual's, its title. */
  @Override
  public String heading() {
    return id.matches("\\d{2}") ? "Module " + id + ": " + title : title;
  }

  public boolean verifiable() {
    return checks != null;
  }

  /** Builds a descriptor one part at a time, in the order a reader expects them. */
  public static final class Builder {
    private final String id;
    private final String title;
    private final Track track;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> hints = new ArrayList<>();
    private Supplier<ModuleCheck> check;
    private final List<Class<?>> commands = new ArrayList<>();
    private final List<Class<?>> views = new ArrayList<>();
    private final List<Class<?>> simulations = new ArrayList<>();

    private Builder(String id, String title, Track track) {
      this.id = id;
      this.title = title;
      this.track = track;
    }

    /** A process {@code up} starts: {@code process("node-1", "node", "--port", "5001")}. */
    public Builder process(String name, String... args) {
      processes.add(new Process(name, Arrays.asList(args)));
      return this;
    }

    /** A line printed under "Try, in another terminal:" once everything is up. */
    public Builder hint(String line) {
      hints.add(line);
      return this;
    }

    /** The module's {@code ./workshop verify} check. */
    public Builder verify(Supplier<ModuleCheck> check) {
      this.check = check;
      return this;
    }

    /** Commands under {@code ./workshop}. */
    public Builder commands(Class<?>... classes) {
      commands.addAll(Arrays.asList(classes));
      return this;
    }

    /** Live views under {@code ./workshop viz}. */
    public Builder views(Class<?>... classes) {
      views.addAll(Arrays.asList(classes));
      return this;
    }

    /** Simulations under {@code ./workshop sim}. */
    public Builder simulations(Class<?>... classes) {
      simulations.addAll(Arrays.asList(classes));
      return this;
    }

    public WorkshopModule build() {
      return new WorkshopModule(
          id, title, track, processes, hints, check, commands, views, simulations);
    }
  }
}
