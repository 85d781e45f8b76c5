package workshop.cap.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.cap.CapConfig;
import workshop.cap.CapMode;
import workshop.support.cli.Ports;
import workshop.support.cli.UserError;
import workshop.support.http.CallFailure;
import workshop.support.http.WebClient;
import workshop.support.proc.ChildProcess;
import workshop.support.proc.ProcessRecords;
import workshop.support.proc.Supervisor;

/**
 * {@code ./workshop cap --mode cp|ap [--replicas 3] [--base-port 6401]}: starts the CAP lab's
 * replicas ({@code cap-1} on 6401, {@code cap-2} on 6402, ...), each a process of its own, waits
 * until each answers, and says what to try: the same {@code ./workshop net partition} gives
 * opposite outcomes in the two modes. Ctrl+C (or {@code ./workshop down}) stops them.
 */
@Command(
    name = "cap",
    mixinStandardHelpOptions = true,
    description = {
      "The CAP lab: start three to five replicas that, when the network splits, either refuse"
          + " without a majority (cp) or accept on every side and settle by last-writer-wins (ap).",
      "Ctrl+C (or `./workshop down` from another terminal) stops them."
    },
    footer = {
      "",
      "Examples:",
      "  ./workshop cap --mode cp",
      "  ./workshop cap --mode ap --replicas 5",
      "  ./workshop net partition cap-1,cap-2 from cap-3"
    })
public final class CapCommand implements Callable<Integer> {
  /** How long a replica's JVM may take to answer: a busy 2-core laptop is slow. */
  static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private static final String JSON = "-H 'Content-Type: application/json' ";

  @Option(
      names = "--mode",
      required = true,
      description = "Either cp (a majority or nothing) or ap (always accept, reconcile later).")
  String mode;

  @Option(
      names = "--replicas",
      defaultValue = "3",
      description = "How many replicas, from 3 to 5 (default ${DEFAULT-VALUE}).")
  int replicas;

  @Option(
      names = "--base-port",
      defaultValue = "6401",
      description = "The first replica's port; the others follow it (default ${DEFAULT-VALUE}).")
  int basePort;

  @Override
  public Integer call() throws InterruptedException {
    CapMode m = CapReplicaCommand.parseMode(mode);
    try {
      CapConfig.checkReplicas(replicas);
    } catch (IllegalArgumentException e) {
      throw new UserError("--replicas: " + e.getMessage());
    }
    Ports.check("--base-port", basePort, false);
    Ports.check("--base-port", basePort + replicas - 1, false);
    StringJoiner ports = new StringJoiner(",");
    for (int i = 0; i < replicas; i++) {
      requireFree(basePort + i);
      ports.add(Integer.toString(basePort + i));
    }
    PrintStream out = System.out;
    Supervisor supervisor = new Supervisor(out, ProcessRecords.forThisCheckout(), true);
    AtomicBoolean stopped = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (stopped.compareAndSet(false, true)) {
                    supervisor.stopAll(Duration.ofSeconds(3));
                    out.println("Stopped every replica `cap` started.");
                    out.flush();
                  }
                }));
    out.println(banner(m, replicas, basePort));
    List<ChildProcess> children = new ArrayList<>();
    for (int id = 1; id <= replicas; id++) {
      children.add(
          supervisor.start(
              CapReplicaCommand.name(id),
              List.of(
                  "cap-replica",
                  "--id",
                  Integer.toString(id),
                  "--mode",
                  m.label(),
                  "--ports",
                  ports.toString())));
    }
    for (int id = 1; id <= replicas; id++) {
      String failed = awaitReady(children.get(id - 1), basePort + id - 1);
      if (failed != null) {
        stopped.set(true);
        supervisor.stopAll(Duration.ofSeconds(3));
        out.println("cap stopped: " + failed);
        return 1;
      }
    }
    synchronized (out) {
      hints(replicas, basePort).forEach(out::println);
      out.flush();
    }
    while (!stopped.get() && children.stream().anyMatch(ChildProcess::alive)) {
      Thread.sleep(500);
    }
    return 0;
  }

  /** {@code CAP lab, cp mode: 3 replicas (cap-1..cap-3 on 6401-6403); ...}. */
  static String banner(CapMode mode, int n, int base) {
    int majority = n / 2 + 1;
    return "CAP lab, "
        + mode.label()
        + " mode: "
        + n
        + " replicas (cap-1..cap-"
        + n
        + " on "
        + base
        + "-"
        + (base + n - 1)
        + "); "
        + (mode == CapMode.CP
            ? "reads and writes need " + majority + " of them."
            : "every replica accepts alone; last writer wins.");
  }

  /** What to try once every replica answers: write, cut, write on both sides, heal, look. */
  static List<String> hints(int n, int base) {
    int last = base + n - 1;
    String minority = "cap-" + n;
    StringJoiner majority = new StringJoiner(",");
    for (int i = 1; i < n; i++) {
      majority.add("cap-" + i);
    }
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("Try, in another terminal:");
    lines.add(
        "  curl -X POST localhost:"
            + base
            + "/data "
            + JSON
            + "-d '{\"key\":\"user:x\",\"value\":\"A\"}'");
    lines.add("  ./workshop net partition " + majority + " from " + minority);
    lines.add(
        "  curl -X POST localhost:"
            + last
            + "/data "
            + JSON
            + "-d '{\"key\":\"user:x\",\"value\":\"B\"}'");
    lines.add(
        "  curl -X POST localhost:"
            + base
            + "/data "
            + JSON
            + "-d '{\"key\":\"user:x\",\"value\":\"C\"}'");
    lines.add("  ./workshop net heal");
    lines.add("  curl localhost:" + last + "/data/user:x");
    lines.add("  curl localhost:" + base + "/lost");
    lines.add("Stop everything with Ctrl+C here, or `./workshop down`.");
    lines.add("");
    return lines;
  }

  private static void requireFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
    } catch (IOException e) {
      throw new UserError(
          "port "
              + port
              + " is in use (an earlier `cap` still running?); stop it with `./workshop down`,"
              + " or choose other ports with --base-port");
    }
  }

  /** Null once the replica answers {@code /health}; otherwise why it never will. */
  private static String awaitReady(ChildProcess child, int port) throws InterruptedException {
    long end = System.nanoTime() + READY_WITHIN.toNanos();
    try (WebClient client = WebClient.create(Duration.ofSeconds(1))) {
      while (System.nanoTime() < end) {
        if (!child.alive()) {
          return child.name() + " exited (code " + child.exitCode() + "); see its lines above";
        }
        try {
          if (client.get("http://127.0.0.1:" + port + "/health").ok()) {
            return null;
          }
        } catch (CallFailure notYet) {
          // Still starting.
        }
        Thread.sleep(200);
      }
    }
    return child.name() + " did not answer on port " + port + " within " + READY_WITHIN;
  }
}
