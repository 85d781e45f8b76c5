package workshop.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import workshop.module.WorkshopModule;
import workshop.support.cli.UserError;
import workshop.support.proc.ChildProcess;
import workshop.support.proc.PortHolders;
import workshop.support.proc.ProcessRecords;
import workshop.support.proc.Supervisor;

/**
 * The processes of one module under {@code up}, by name: start them all and wait until each listens
 * on its port (or say why one cannot), restart one with edited flags, stop one, and say which run.
 * A process stopped on request is <em>parked</em>: {@code up} keeps waiting for its restart.
 *
 * <p>Thread-safe: the control server and {@code up}'s own loop call it at once.
 */
final class ModuleRun {
  /** How long a process may take to open its port: a JVM on a busy 2-core laptop is slow. */
  static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private static final Duration GRACE = Duration.ofSeconds(3);

  /** One process of the module: its arguments from the module, and what runs now. */
  private static final class Slot {
    final String name;
    final List<String> args;
    List<String> current;
    ChildProcess child;
    boolean parked;
    long reported;

    Slot(String name, List<String> args) {
      this.name = name;
      this.args = List.copyOf(args);
      this.current = this.args;
    }

    Integer port() {
      return PortMoves.portOf(current);
    }
  }

  /** What one process is doing now. */
  record State(String name, long pid, String state, List<String> args) {}

  /** Why a process could not start, in one line ("registry cannot listen on port 5000, ..."). */
  static final class StartFailed extends RuntimeException {
    StartFailed(String line) {
      super(line);
    }
  }

  private final String module;
  private final List<String> moves;
  private final Supervisor supervisor;
  private final ProcessRecords records;
  private final PrintStream out;
  private final Map<String, Slot> slots = new LinkedHashMap<>();

  /**
   * @param moves the {@code --port} moves given to {@code up}, for the fix it suggests
   */
  ModuleRun(
      String module,
      List<WorkshopModule.Process> processes,
      List<String> moves,
      Supervisor supervisor,
      ProcessRecords records,
      PrintStream out) {
    this.module = module;
    this.moves = List.copyOf(moves);
    this.supervisor = supervisor;
    this.records = records;
    this.out = out;
    for (WorkshopModule.Process p : processes) {
      slots.put(p.name(), new Slot(p.name(), p.args()));
    }
  }

  /**
   * Checks that every port is free before anything starts.
   *
   * @throws StartFailed naming the first port in use, its holder and the fix
   */
  void checkPorts() {
    for (Slot s : slots.values()) {
      Integer port = s.port();
      if (port != null && !free(port)) {
        throw new StartFailed(portInUse(s.name, port));
      }
    }
  }

  /**
   * Starts every process at once and waits until each listens on its port.
   *
   * @throws StartFailed when one exits or never listens (the caller stops the others)
   */
  void startAll() {
    synchronized (this) {
      for (Slot s : slots.values()) {
        s.child = supervisor.start(s.name, s.current);
      }
    }
    for (Slot s : slots.values()) {
      awaitReady(s);
    }
  }

  /**
   * Stops {@code name} if it runs and starts it again with {@code edits} applied to the module's
   * flags for it; returns once it listens on its port.
   *
   * @throws UserError for an unknown name or flag (nothing is stopped then)
   * @throws StartFailed when the new process does not come up
   */
  synchronized State restart(String name, List<String> edits) {
    Slot s = slot(name);
    List<String> args = FlagEdits.apply(s.args, edits, options(s.args.get(0)));
    try {
      Cli.commandLine().parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.PicocliException e) {
      throw new UserError(e.getMessage());
    }
    out.println(
        "restart "
            + name
            + ": "
            + (running(s) ? "stopping pid " + s.child.pid() + ", then " : "")
            + "starting ./workshop "
            + String.join(" ", args));
    out.flush();
    stopQuietly(s);
    s.current = args;
    s.parked = false;
    s.child = supervisor.start(name, args);
    awaitReady(s);
    return state(s);
  }

  /**
   * Stops {@code name} (parked: {@code up} waits for its restart).
   *
   * @return its state before, or empty when it was not running
   */
  synchronized Optional<State> stop(String name) {
    Slot s = slot(name);
    boolean running = s.child != null && s.child.alive();
    State before = state(s);
    if (running) {
      supervisor.stop(s.child, GRACE);
      out.println(
          "stop "
              + name
              + ": stopped pid "
              + before.pid()
              + "; ./workshop restart "
              + name
              + " starts it again");
      out.flush();
    }
    s.parked = true;
    return running ? Optional.of(before) : Optional.empty();
  }

  synchronized List<State> states() {
    return slots.values().stream().map(ModuleRun::state).toList();
  }

  /** Whether {@code up} should keep waiting: a process runs, or one was stopped on request. */
  synchronized boolean active() {
    return slots.values().stream().anyMatch(s -> s.parked || s.child != null && s.child.alive());
  }

  /**
   * One line for each process that ended by itself since the last call ("registry exited with code
   * 137; ./workshop restart registry starts it again"); a process stopped on request or by SIGTERM
   * is not reported.
   */
  synchronized List<String> exits() {
    List<String> lines = new ArrayList<>();
    for (Slot s : slots.values()) {
      // 143 is SIGTERM: someone stopped it on purpose (down, kill), so there is nothing to say.
      if (s.child != null
          && !s.child.alive()
          && !s.parked
          && s.child.exitCode() != 143
          && s.reported != s.child.pid()) {
        s.reported = s.child.pid();
        lines.add(
            s.name
                + " exited with code "
                + s.child.exitCode()
                + "; ./workshop restart "
                + s.name
                + " starts it again");
      }
    }
    return lines;
  }

  synchronized List<String> names() {
    return List.copyOf(slots.keySet());
  }

  private static State state(Slot s) {
    if (s.child == null) {
      return new State(s.name, 0, "not started", s.current);
    }
    String state =
        s.child.alive()
            ? "running"
            : s.parked ? "stopped on request" : "exited with code " + s.child.exitCode();
    return new State(s.name, s.child.pid(), state, s.current);
  }

  private Slot slot(String name) {
    Slot s = slots.get(name);
    if (s == null) {
      throw new UserError(
          "module "
              + module
              + " has no process '"
              + name
              + "'; its processes: "
              + String.join(", ", slots.keySet()));
    }
    return s;
  }

  private static boolean running(Slot s) {
    return s.child != null && s.child.alive();
  }

  /** Stops what runs under this name: ours, or one the registry started again. */
  private void stopQuietly(Slot s) {
    if (running(s)) {
      supervisor.stop(s.child, GRACE);
      return;
    }
    Optional<ProcessRecords.Entry> other = records.find(s.name);
    if (other.isPresent() && other.get().live().isPresent()) {
      out.println(
          "restart "
              + s.name
              + ": stopping pid "
              + other.get().pid()
              + " (started by the registry)");
      workshop.support.proc.Processes.stop(other.get().live().get(), GRACE);
      records.remove(other.get().pid());
    }
  }

  private void awaitReady(Slot s) {
    Integer port = s.port();
    ChildProcess child = s.child;
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!child.alive()) {
        supervisor.awaitOutput(child, Duration.ofSeconds(1));
        throw new StartFailed(exited(s, child));
      }
      if (port == null ? child.recentOutput().size() > 0 : listens(port)) {
        awaitFirstLine(child, Duration.ofSeconds(2));
        return;
      }
      pause(50);
    }
    throw new StartFailed(
        s.name
            + " did not open port "
            + port
            + " within "
            + READY_WITHIN.toSeconds()
            + " s; its last lines: "
            + String.join(" / ", last(child.recentOutput(), 3)));
  }

  /**
   * Waits until a process that listens has also said so, so that what {@code up} prints next (the
   * hints) comes after the processes' own first lines.
   */
  private static void awaitFirstLine(ChildProcess child, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (child.recentOutput().isEmpty() && System.nanoTime() < deadline) {
      pause(20);
    }
    pause(100);
  }

  private String exited(Slot s, ChildProcess child) {
    List<String> lines = child.recentOutput();
    Integer port = s.port();
    if (port != null && lines.stream().anyMatch(l -> l.contains("already in use"))) {
      return portInUse(s.name, port);
    }
    String error =
        lines.stream()
            .filter(l -> l.startsWith("error:"))
            .reduce((a, b) -> b)
            .orElse(String.join(" / ", last(lines, 3)));
    return s.name + " exited with code " + child.exitCode() + (error.isBlank() ? "" : ": " + error);
  }

  private String portInUse(String name, int port) {
    Optional<PortHolders.Holder> holder = PortHolders.find(port);
    String recordedAs =
        holder
            .flatMap(h -> records.live().stream().filter(e -> e.pid() == h.pid()).findFirst())
            .map(e -> e.name())
            .orElse(null);
    return PortInUse.line(
        module,
        name,
        port,
        holder.map(PortHolders.Holder::describe).orElse(null),
        recordedAs,
        moves,
        suggestion(port));
  }

  /** A free port near {@code port} that the module does not use: 5000 suggests 5050. */
  private int suggestion(int port) {
    List<Integer> used = new ArrayList<>();
    slots.values().forEach(s -> used.add(s.port()));
    for (int p = port + 50; p < Math.min(65_535, port + 150); p++) {
      if (!used.contains(p) && free(p)) {
        return p;
      }
    }
    return port + 50;
  }

  /** What {@code command}'s options are, from its own definition. */
  private static FlagEdits.Options options(String command) {
    CommandLine cl = Cli.commandLine().getSubcommands().get(command);
    CommandSpec spec = cl == null ? CommandSpec.create() : cl.getCommandSpec();
    return new FlagEdits.Options() {
      @Override
      public Optional<String> canonical(String name) {
        return Optional.ofNullable(spec.findOption(name)).map(OptionSpec::longestName);
      }

      @Override
      public boolean takesValue(String canonical) {
        OptionSpec o = spec.findOption(canonical);
        return o != null && o.arity().min() > 0;
      }
    };
  }

  /** Whether this machine lets a server bind {@code port} on loopback now (as ours would). */
  static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean listens(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> last(List<String> lines, int n) {
    return lines.subList(Math.max(0, lines.size() - n), lines.size());
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartFailed("interrupted while waiting for the module to start");
    }
  }
}
