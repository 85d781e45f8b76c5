package workshop.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import workshop.module.WorkshopModule;
import workshop.support.cli.UserError;
import workshop.support.proc.ChildProcess;
import workshop.support.proc.PidFile;
import workshop.support.proc.Supervisor;

/** {@code ./workshop up [module]}: start everything a module needs in this one terminal. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start every process a module needs, each line of output prefixed with its name.",
      "Ctrl+C (or `./workshop down` from another terminal) stops exactly these processes."
    })
public final class UpCommand implements Callable<Integer> {
  @Parameters(
      arity = "0..1",
      paramLabel = "MODULE",
      description = "Module to start, e.g. 01 (default: " + ModuleCatalog.DEFAULT_UP + ").")
  String module;

  @Override
  public Integer call() throws InterruptedException {
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
    PidFile pids = Home.upPids();
    List<PidFile.Entry> running = pids.read().stream().filter(e -> e.live().isPresent()).toList();
    if (!running.isEmpty()) {
      throw new UserError(
          "processes from an earlier `up` are still running ("
              + String.join(", ", running.stream().map(e -> e.name() + " pid " + e.pid()).toList())
              + "); stop them with `./workshop down` first.");
    }
    System.out.println(
        "Module "
            + m.id()
            + ": "
            + m.title()
            + ". Starting "
            + m.processes().size()
            + " processes; Ctrl+C stops them.");
    Supervisor supervisor = new Supervisor(System.out, pids, true);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  supervisor.stopAll(Duration.ofSeconds(3));
                  System.out.println("Stopped every process `up` started.");
                  System.out.flush();
                  stopped.countDown();
                }));
    for (WorkshopModule.Process p : m.processes()) {
      supervisor.start(p.name(), p.args());
    }
    // Print what to try once every process has said it is up (or after 10 s).
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline
        && supervisor.children().stream().anyMatch(c -> c.alive() && c.recentOutput().size() < 2)) {
      Thread.sleep(100);
    }
    if (!m.hints().isEmpty()) {
      System.out.println();
      System.out.println("Try, in another terminal:");
      for (String line : m.hints()) {
        System.out.println("  " + line);
      }
      System.out.println("Stop everything with Ctrl+C here, or `./workshop down`.");
      System.out.println();
    }
    while (supervisor.children().stream().anyMatch(ChildProcess::alive)) {
      Thread.sleep(500);
    }
    // 143: stopped by SIGTERM (Ctrl+C, `down`); 137: a node killed through the registry (POST
    // /kill, as the chaos command does), which halts itself as a crash would. Neither is a fault.
    boolean clean =
        supervisor.children().stream()
            .allMatch(c -> c.exitCode() == 0 || c.exitCode() == 143 || c.exitCode() == 137);
    System.out.println(
        clean
            ? "Every process has stopped."
            : "Every process has exited; look above for the reason (a port in use?).");
    supervisor.stopAll(Duration.ofSeconds(1));
    return clean ? 0 : 1;
  }
}
