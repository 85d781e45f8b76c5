package workshop.resilient.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import workshop.chaos.ChaosMonkey;
import workshop.chaos.cli.ChaosLoop;
import workshop.membership.http.MembershipWire;
import workshop.resilient.http.RegistryClient;
import workshop.resilient.http.RegistryWire;
import workshop.support.cli.DurationConverter;
import workshop.support.cli.RegistryOption;
import workshop.support.cli.UserError;
import workshop.support.http.CallFailure;

/**
 * {@code ./workshop chaos [--registry URL] [--interval 10s] [--seed S] [--restart-after D]
 * [--rounds N] [--dry-run]}: the chaos monkey ({@code chaos/}) let loose on the capstone, through
 * the registry only: it lists nodes with {@code GET /nodes} and kills and restarts them with {@code
 * POST /kill/{id}} and {@code POST /restart/{id}}. It never looks at processes.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
      "Module 23: a chaos monkey that kills nodes through the registry.",
      "Every interval it kills one alive node, picked at random, with POST /kill/{id}: never the"
          + " last one, and never more than --max-down at once.",
      "With --restart-after it brings each one back through the registry (POST /restart/{id})."
    })
public final class ChaosCommand implements Callable<Integer> {
  @Mixin RegistryOption registry;

  @Option(
      names = "--interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Time between kills, 1s to 1h (default ${DEFAULT-VALUE}, as in the original).")
  Duration interval;

  @Option(
      names = "--seed",
      description = "Seed for the choice of node, to repeat a run (default: random, printed).")
  Long seed;

  @Option(
      names = "--restart-after",
      converter = DurationConverter.class,
      description = "Bring each killed node back after this long, e.g. 30s (default: never).")
  Duration restartAfter;

  @Option(names = "--rounds", description = "Stop after this many kills (default: until Ctrl+C).")
  Integer rounds;

  @Option(
      names = "--max-down",
      defaultValue = "1",
      description =
          "Nodes that may be down at once (default ${DEFAULT-VALUE}: with N=3, W=2 every write"
              + " still meets its quorum).")
  int maxDown;

  @Option(names = "--dry-run", description = "Only say what it would do; kill nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    String reg = registry.url();
    if (interval.compareTo(Duration.ofSeconds(1)) < 0
        || interval.compareTo(Duration.ofHours(1)) > 0) {
      throw new UserError(
          "--interval must be between 1s and 1h (a kill takes up to 3 s), got "
              + interval(interval));
    }
    if (restartAfter != null
        && (restartAfter.isZero() || restartAfter.compareTo(Duration.ofHours(1)) > 0)) {
      throw new UserError(
          "--restart-after must be between 1ms and 1h, got " + interval(restartAfter));
    }
    if (rounds != null && rounds < 1) {
      throw new UserError("--rounds must be 1 or more, got " + rounds);
    }
    if (maxDown < 1 || maxDown > 100) {
      throw new UserError("--max-down must be between 1 and 100, got " + maxDown);
    }
    long s = seed != null ? seed : new SplittableRandom().nextLong();
    PrintStream out = System.out;
    // A kill waits up to 3 s for the node to stop answering; leave room for that.
    try (RegistryClient client = new RegistryClient(reg, "chaos", Duration.ofSeconds(8))) {
      RegistryCluster cluster = new RegistryCluster(client);
      List<ChaosMonkey.Node> nodes;
      try {
        nodes = cluster.nodes();
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage() + "; start it with ./workshop up");
      }
      ChaosLoop.Settings settings =
          new ChaosLoop.Settings(reg, interval, restartAfter, rounds, dryRun, s, maxDown);
      banner(out, settings, nodes);
      StoppableTimer timer = new StoppableTimer();
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                timer.stop();
                try {
                  // Room for a kill in flight (up to 3 s) before the summary is printed.
                  finished.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        new ChaosLoop(
                settings,
                new ChaosMonkey(maxDown, new SplittableRandom(s)),
                cluster,
                timer,
                out,
                ZoneId.systemDefault())
            .run();
      } finally {
        finished.countDown();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down (Ctrl+C): the hook waited for the summary above.
      }
      return 0;
    }
  }

  private static void banner(PrintStream out, ChaosLoop.Settings s, List<ChaosMonkey.Node> nodes) {
    List<String> alive =
        nodes.stream()
            .filter(n -> n.state() == ChaosMonkey.State.ALIVE)
            .map(ChaosMonkey.Node::id)
            .sorted()
            .toList();
    out.println(
        (s.dryRun() ? "Chaos monkey (DRY RUN: nothing is killed) on " : "Chaos monkey on ")
            + s.registry()
            + ": every "
            + interval(s.interval())
            + " it kills one alive node, picked at random (seed "
            + s.seed()
            + ").");
    out.println(
        "  "
            + alive.size()
            + " of "
            + nodes.size()
            + " nodes alive"
            + (alive.isEmpty() ? "" : " (" + String.join(", ", alive) + ")")
            + ".");
    out.println(
        s.maxDown() == 1
            ? "  At most 1 node is down at a time: with N=3 replicas per key and W=2, every key"
                + " keeps 2 live replicas, so every write can still meet its quorum."
            : "  Up to "
                + s.maxDown()
                + " nodes may be down at once: with N=3 and W=2 some keys keep only one live"
                + " replica, and writes to them fail with 503 until a node is back.");
    out.println(
        s.restartAfter() == null
            ? "  Killed nodes stay down: bring one back with curl -X POST "
                + s.registry()
                + "/restart/node-2, or use --restart-after 30s."
            : "  Each killed node is restarted through the registry after "
                + interval(s.restartAfter())
                + ".");
    out.println(
        s.rounds() == null
            ? "  Ctrl+C stops it."
            : "  It stops after "
                + s.rounds()
                + (s.rounds() == 1 ? " kill" : " kills")
                + (s.restartAfter() == null ? "" : ", once the last one is back")
                + "; Ctrl+C stops it sooner.");
    out.flush();
  }

  private static String interval(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** The registry as the chaos loop sees the cluster. */
  private record RegistryCluster(RegistryClient registry) implements ChaosLoop.Cluster {
    @Override
    public List<ChaosMonkey.Node> nodes() {
      RegistryClient.Answer<MembershipWire.Nodes> a;
      try {
        a = registry.nodes();
      } catch (CallFailure e) {
        throw new IllegalStateException(
            "cannot reach the registry at " + registry.url() + " (" + e.getMessage() + ")");
      }
      if (!a.ok()) {
        throw new IllegalStateException(
            registry.url()
                + " answered GET /nodes with "
                + a.status()
                + " and no node list, which is not a registry's answer; is --registry the"
                + " registry's URL?");
      }
      List<ChaosMonkey.Node> list = new ArrayList<>();
      for (MembershipWire.Node n : a.value().nodes()) {
        ChaosMonkey.State state =
            switch (n.status()) {
              case "alive" -> ChaosMonkey.State.ALIVE;
              case "dead" -> ChaosMonkey.State.DOWN;
              default -> ChaosMonkey.State.OTHER;
            };
        list.add(new ChaosMonkey.Node(n.node_id(), state));
      }
      return list;
    }

    @Override
    public ChaosLoop.Answer kill(String id) {
      try {
        RegistryClient.Answer<RegistryWire.Killed> a = registry.kill(id);
        if (a.ok()) {
          return new ChaosLoop.Answer(
              200, a.value().process_terminated() ? "" : a.value().message());
        }
        return refused(a);
      } catch (CallFailure e) {
        return new ChaosLoop.Answer(0, e.getMessage());
      }
    }

    @Override
    public ChaosLoop.Answer restart(String id) {
      try {
        RegistryClient.Answer<RegistryWire.Restarting> a = registry.restart(id);
        return a.ok() ? new ChaosLoop.Answer(200, "") : refused(a);
      } catch (CallFailure e) {
        return new ChaosLoop.Answer(0, e.getMessage());
      }
    }

    private static ChaosLoop.Answer refused(RegistryClient.Answer<?> a) {
      return new ChaosLoop.Answer(
          a.status() == 200 ? 502 : a.status(),
          switch (a.failure()) {
            case NOT_JSON -> "an answer that is not JSON: " + a.body().strip();
            case NOT_AN_OBJECT, SHAPE -> "an answer that is not the registry's: " + a.reason();
            case STATUS, NONE -> a.reason();
          });
    }
  }

  /** Wall-clock time, and waits that end at once when Ctrl+C stops the loop. */
  private static final class StoppableTimer implements ChaosLoop.Timer {
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Instant now() {
      return Instant.now();
    }

    @Override
    public boolean waitUntil(Instant t) {
      long millis = Duration.between(Instant.now(), t).toMillis();
      try {
        return !stopped.await(Math.max(0, millis), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    void stop() {
      stopped.countDown();
    }
  }
}
