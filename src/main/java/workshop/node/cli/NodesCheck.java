package workshop.node.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import workshop.node.http.NodeWire;
import workshop.support.http.ClientResponse;
import workshop.support.json.Json;
import workshop.support.load.LoadGenerator;
import workshop.support.load.LoadPlan;
import workshop.support.load.LoadReport;
import workshop.support.proc.ChildProcess;
import workshop.verify.ModuleCheck;
import workshop.verify.VerifyRun;

/**
 * {@code ./workshop verify 01}: the manual's Step 1 (three nodes), Step 2 (store and read) and the
 * four phases of Step 3, with a load small enough to finish in well under a minute.
 *
 * <p>The load factor is 32 rather than the manual's 35: about 10 ms of CPU per request here, so
 * each phase needs only a few hundred requests to show its effect clearly.
 */
public final class NodesCheck implements ModuleCheck {
  static final int LOAD_FACTOR = 32;
  static final Duration PHASE = Duration.ofSeconds(2);
  static final Duration STARTUP = Duration.ofSeconds(20);

  private VerifyRun run;
  private final ChildProcess[] nodes = new ChildProcess[4];
  private final String[] urls = new String[4];

  @Override
  public void run(VerifyRun run) {
    this.run = run;
    run.step("Step 1: start three nodes");
    for (int id = 1; id <= 3; id++) {
      startNode(id, 0, 1);
    }
    run.check(
        "Step 1: three nodes answer /health",
        true,
        "node 1, 2 and 3 on " + urls[1] + ", " + urls[2] + ", " + urls[3]);

    run.step("Step 2: store a value on node 1 and read it back");
    ClientResponse stored =
        run.http().postJson(urls[1] + "/data", Json.map("key", "user_123", "value", "Alice"));
    run.check(
        "Step 2: POST /data answers {\"status\": \"stored\", \"node_id\": 1, ...}",
        stored.status() == 200
            && stored.read(NodeWire.Stored.class).status().equals("stored")
            && stored.read(NodeWire.Stored.class).node_id() == 1,
        stored.status() + " " + stored.text());
    ClientResponse read = run.http().get(urls[1] + "/data/user_123");
    run.check(
        "Step 2: GET /data/user_123 returns Alice",
        read.status() == 200 && read.read(NodeWire.Entry.class).value().equals("Alice"),
        read.status() + " " + read.text());
    ClientResponse elsewhere = run.http().get(urls[2] + "/data/user_123");
    run.check(
        "Step 2: node 2 does not have it (each node keeps its own data)",
        elsewhere.status() == 404,
        elsewhere.status() + " " + elsewhere.text());

    run.step("Step 3, Phase 1: node 2 with --load-factor " + LOAD_FACTOR + " and 1 worker");
    restart(2, LOAD_FACTOR, 1);
    warmUp(List.of(urls[2]));
    LoadReport alone = load(List.of(urls[2]), 1);
    LoadReport flooded = load(List.of(urls[2]), 5);
    run.check(
        "Phase 1: a loaded 1-worker node gets slower as concurrency grows",
        flooded.overall().p50() > 2.5 * alone.overall().p50(),
        String.format(
            Locale.ROOT,
            "p50 %.1f ms at 1 concurrent -> %.1f ms at 5 concurrent (%.1fx)",
            alone.overall().p50(),
            flooded.overall().p50(),
            flooded.overall().p50() / alone.overall().p50()));

    run.step("Phase 2: restart node 2 with --workers 10");
    restart(2, LOAD_FACTOR, 10);
    warmUp(List.of(urls[2]));
    LoadReport vertical = load(List.of(urls[2]), 5);
    boolean faster = vertical.overall().p50() < 0.85 * flooded.overall().p50();
    run.check(
        "Phase 2: 10 workers lower the latency at 5 concurrent",
        faster,
        String.format(
                Locale.ROOT,
                "p50 %.1f ms with 1 worker -> %.1f ms with 10 workers (%d cores: at most %dx)",
                flooded.overall().p50(),
                vertical.overall().p50(),
                Runtime.getRuntime().availableProcessors(),
                Math.min(5, Runtime.getRuntime().availableProcessors()))
            + capacityNote(faster));

    run.step("Phase 3: 20 concurrent against 10 workers");
    LoadReport limit = load(List.of(urls[2]), 20);
    run.check(
        "Phase 3: more concurrency than workers and cores raises latency again",
        limit.overall().p50() > 1.5 * vertical.overall().p50(),
        String.format(
            Locale.ROOT,
            "p50 %.1f ms at 5 concurrent -> %.1f ms at 20 concurrent on %d cores",
            vertical.overall().p50(),
            limit.overall().p50(),
            Runtime.getRuntime().availableProcessors()));

    run.step("Phase 4: 20 concurrent on three equal nodes (1 worker each) against one");
    restart(1, LOAD_FACTOR, 1);
    restart(2, LOAD_FACTOR, 1);
    restart(3, LOAD_FACTOR, 1);
    warmUp(List.of(urls[1], urls[2], urls[3]));
    // Alternate the two measurements twice, so a machine that speeds up or slows down during
    // the phase affects both alike.
    double oneRate = 0;
    double threeRate = 0;
    long threeErrors = 0;
    for (int round = 0; round < 2; round++) {
      oneRate += load(List.of(urls[2]), 20).throughput() / 2;
      LoadReport r = load(List.of(urls[1], urls[2], urls[3]), 20);
      threeRate += r.throughput() / 2;
      threeErrors += r.overall().errors();
    }
    boolean more = threeRate > 1.1 * oneRate && threeErrors == 0;
    run.check(
        "Phase 4: three nodes give more throughput than one",
        more,
        String.format(
                Locale.ROOT,
                "%.0f req/s on one node -> %.0f req/s on three (%.2fx; errors %d; the three share"
                    + " this machine's %d cores, so at most %dx here)",
                oneRate,
                threeRate,
                threeRate / oneRate,
                threeErrors,
                Runtime.getRuntime().availableProcessors(),
                Math.min(3, Runtime.getRuntime().availableProcessors()))
            + capacityNote(more));
  }

  /**
   * Phases 2 and 4 measure spare CPU cores; when other programs hold them, say so instead of
   * leaving the student to wonder.
   */
  private static String capacityNote(boolean passed) {
    if (passed) {
      return "";
    }
    double load =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    int cores = Runtime.getRuntime().availableProcessors();
    return load > cores
        ? String.format(
            Locale.ROOT,
            " [this machine is busy: load average %.1f on %d cores; close other programs and"
                + " re-run]",
            load,
            cores)
        : "";
  }

  private void startNode(int id, int loadFactor, int workers) {
    int port = run.freePort();
    nodes[id] =
        run.start(
            "node-" + id,
            "node",
            "--port",
            Integer.toString(port),
            "--id",
            Integer.toString(id),
            "--load-factor",
            Integer.toString(loadFactor),
            "--workers",
            Integer.toString(workers));
    urls[id] = "http://127.0.0.1:" + port;
    run.awaitHealthy(nodes[id], urls[id], STARTUP);
  }

  private void restart(int id, int loadFactor, int workers) {
    nodes[id].stop(Duration.ofSeconds(3));
    startNode(id, loadFactor, workers);
  }

  /** Lets the JIT compile fib before anything is measured. */
  private void warmUp(List<String> targets) {
    run(targets, 2, 10L * targets.size(), null);
  }

  private LoadReport load(List<String> targets, int concurrency) {
    return run(targets, concurrency, 0, PHASE);
  }

  private static LoadReport run(
      List<String> targets, int concurrency, long requests, Duration duration) {
    byte[] body =
        "{\"key\":\"test\",\"value\":\"123\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    LoadPlan plan =
        new LoadPlan(
            targets,
            "POST",
            "/data",
            body,
            concurrency,
            requests,
            duration,
            Duration.ofSeconds(10));
    return new LoadGenerator(plan).run(null);
  }
}
