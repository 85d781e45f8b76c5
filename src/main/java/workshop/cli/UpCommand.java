package workshop.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import workshop.module.WorkshopModule;
import workshop.support.cli.UserError;
import workshop.support.proc.ProcessRecords;
import workshop.support.proc.Supervisor;

/**
 * {@code ./workshop up [module] [--port NAME=PORT]...}: start everything a module needs in this one
 * terminal. It fails fast: a port in use, or a process that exits or never listens, stops what it
 * started and ends with one line saying which port, held by what, and the fix. Once up, {@code
 * ./workshop restart NAME} and {@code ./workshop stop NAME} reach it through {@link UpControl}.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start every process a module needs, each line of output prefixed with its name.",
      "Ctrl+C (or `./workshop down` from another terminal) stops them, and whatever they started.",
      "`./workshop restart NAME [--flag value]...` and `./workshop stop NAME` act on one of them."
    })
public final class UpCommand implements Callable<Integer> {
  @Parameters(
      arity = "0..1",
      paramLabel = "MODULE",
      description = "Module to start, e.g. 01 (default: " + ModuleCatalog.DEFAULT_UP + ").")
  String module;

  @Option(
      names = "--port",
      paramLabel = "NAME=PORT",
      description = {
        "Move one process to another port, e.g. --port registry=5050 (repeatable).",
        "Every process and hint that refers to it follows."
      })
  List<String> moves = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    WorkshopModule m = module();
    PortMoves ports = PortMoves.parse(m, moves);
    List<WorkshopModule.Process> processes = new ArrayList<>();
    for (WorkshopModule.Process p : m.processes()) {
      processes.add(
          new WorkshopModule.Process(p.name(), DefaultsThatMove.add(ports.args(p.args()), ports)));
    }
    ProcessRecords records = Home.records();
    List<ProcessRecords.Entry> running = records.live();
    if (!running.isEmpty()) {
      throw new UserError(
          "processes from an earlier start are still running ("
              + String.join(", ", running.stream().map(e -> e.name() + " pid " + e.pid()).toList())
              + "); stop them with `./workshop down` first.");
    }
    PrintStream out = System.out;
    Supervisor supervisor = new Supervisor(out, records, true);
    ModuleRun run = new ModuleRun(m.id(), processes, moves, supervisor, records, out);
    try {
      run.checkPorts();
    } catch (ModuleRun.StartFailed e) {
      out.println("up " + m.id() + " stopped before starting anything: " + e.getMessage());
      return 1;
    }
    out.println(banner(m, processes.size()));
    if (!ports.isEmpty()) {
      out.println("Ports moved: " + ports.describe(m) + ".");
    }
    records.add(ProcessHandle.current(), "up");
    UpControl control = UpControl.start(m.id(), run, Home.upControl());
    AtomicBoolean cleaned = new AtomicBoolean();
    Thread hook = new Thread(() -> cleanUp(supervisor, records, control, cleaned, out));
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      run.startAll();
    } catch (ModuleRun.StartFailed e) {
      cleanUp(supervisor, records, control, cleaned, out);
      out.println("up " + m.id() + " stopped: " + e.getMessage());
      out.flush();
      return 1;
    }
    printHints(m, ports, run, out);
    while (run.active() && !cleaned.get()) {
      Thread.sleep(500);
      if (!cleaned.get()) {
        run.exits().forEach(line -> out.println("up: " + line));
      }
    }
    if (cleaned.get()) {
      return 0; // Ctrl+C or `down`: the shutdown hook stopped everything and said so.
    }
    // 143: stopped by SIGTERM (`down`); 137: a node killed through the registry (POST /kill, as
    // the chaos command does), which halts itself as a crash would. Neither is a fault.
    boolean clean =
        supervisor.children().stream()
            .allMatch(c -> c.exitCode() == 0 || c.exitCode() == 143 || c.exitCode() == 137);
    cleanUp(supervisor, records, control, cleaned, null);
    out.println(
        clean
            ? "Every process has stopped."
            : "Every process has exited; look above for the reason.");
    return clean ? 0 : 1;
  }

  private WorkshopModule module() {
    String id = module == null ? ModuleCatalog.DEFAULT_UP : module;
    WorkshopModule m =
        ModuleCatalog.find(id)
            .orElseThrow(
                () ->
                    new UserError(
                        "no module '"
                            + id
                            + "'; `./workshop modules` lists them ("
                            + String.join(
                                ", ", ModuleCatalog.all().stream().map(WorkshopModule::id).toList())
                            + ")"));
    if (m.processes().isEmpty()) {
      throw new UserError("module " + m.id() + " has nothing to start; see its lesson.");
    }
    return m;
  }

  /** {@code Module 09: Circuit Breaker. Starting 1 process; Ctrl+C stops it.} */
  static String banner(WorkshopModule m, int processes) {
    return m.heading()
        + ". Starting "
        + processes
        + (processes == 1 ? " process" : " processes")
        + "; Ctrl+C stops "
        + (processes == 1 ? "it." : "them.");
  }

  private static void printHints(
      WorkshopModule m, PortMoves ports, ModuleRun run, PrintStream out) {
    // Held as one block: the processes' own lines (printed under the same lock) wait for it.
    synchronized (out) {
      hints(m, ports, run.names()).forEach(out::println);
      out.flush();
    }
  }

  /**
   * What {@code up} prints once everything listens: a blank line, the module's hints with its ports
   * as moved, how to act on one process, how to stop, and a blank line.
   *
   * @param names the processes, in the order {@code up} started them
   */
  static List<String> hints(WorkshopModule m, PortMoves ports, List<String> names) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    if (!m.hints().isEmpty()) {
      lines.add("Try, in another terminal:");
      for (String line : m.hints()) {
        lines.add("  " + DefaultsThatMove.hint(ports.hint(line), ports));
      }
    }
    // node-2 is the lessons' usual victim; otherwise the third process (gossip-3 in module 07).
    String example = names.contains("node-2") ? "node-2" : names.get(Math.min(2, names.size() - 1));
    lines.add(
        "One process: ./workshop stop "
            + example
            + ", ./workshop restart "
            + example
            + " [--flag value]...");
    lines.add("Stop everything with Ctrl+C here, or `./workshop down`.");
    lines.add("");
    return lines;
  }

  /**
   * Stops the module's processes and whatever they started (the nodes a registry started), once.
   *
   * @param out where to say so, or null
   */
  private static void cleanUp(
      Supervisor supervisor,
      ProcessRecords records,
      UpControl control,
      AtomicBoolean cleaned,
      PrintStream out) {
    if (!cleaned.compareAndSet(false, true)) {
      return;
    }
    control.close();
    supervisor.stopAll(Duration.ofSeconds(3));
    List<ProcessRecords.Entry> others = records.stopAll(Duration.ofSeconds(3));
    records.remove(ProcessHandle.current().pid());
    if (out != null) {
      out.println(
          "Stopped every process `up` started"
              + (others.isEmpty()
                  ? "."
                  : ", and "
                      + String.join(", ", others.stream().map(e -> e.name()).toList())
                      + ", which they started."));
      out.flush();
    }
  }
}
