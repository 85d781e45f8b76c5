package workshop.node.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import workshop.fault.http.NetFaults;
import workshop.node.CpuConfig;
import workshop.node.CpuMode;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.ratelimit.RateLimitConfig;
import workshop.ratelimit.cli.RateLimitOptions;
import workshop.support.cli.Ports;
import workshop.support.cli.Serve;

/**
 * {@code ./workshop node --port 5001 --id 1 [--load-factor 35] [--workers 10] [--cores 2] [--cpu
 * real]}.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Module 01: start a node, a process on a port that stores key/value pairs over HTTP/JSON.",
      "Endpoints: GET /, GET /health, GET /stats, POST /data {\"key\",\"value\"}, GET /data/{key},"
          + " DELETE /data/{key}, GET /keys."
    })
public final class NodeCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "5000",
      description = "Port to listen on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--id",
      defaultValue = "0",
      description = "Node id shown in every answer (default ${DEFAULT-VALUE}).")
  int id;

  @Option(
      names = "--load-factor",
      defaultValue = "0",
      description =
          "Work per data request: recursive fib(N), 398 ms for N = 35 on a simulated core"
              + " (default ${DEFAULT-VALUE}: none).")
  int loadFactor;

  @Option(
      names = "--workers",
      defaultValue = "1",
      description =
          "Requests worked on at once; the rest wait in a queue (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--cores",
      description =
          "Cores of the node's own simulated machine (default "
              + NodeConfig.DEFAULT_CORES
              + "); not with --cpu real.")
  Integer cores;

  @Option(
      names = "--cpu",
      defaultValue = "simulated",
      description =
          "Where --load-factor work runs: simulated (default: the node's own --cores, so every"
              + " laptop shows the same numbers) or real (burns this machine's cores, which all"
              + " its nodes share).")
  String cpu;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address to bind (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 for the class network).")
  String host;

  @Mixin RateLimitOptions rateLimit;

  @Override
  public Integer call() {
    Ports.check("--port", port, false);
    NodeConfig config = config();
    RateLimitConfig limit = rateLimit.config();
    NetFaults net = NetFaults.forThisProcess("node-" + id, System.out);
    NodeServer server = NodeServer.start(config, net, System.out, limit);
    net.listening(server.url());
    System.out.printf(
        "Starting Node %d on port %d (Load Factor: %d, Workers: %d, CPU: %s)%n",
        id, server.port(), loadFactor, workers, machine(config));
    if (loadFactor > 0) {
      System.out.println(work(config));
    }
    if (limit != null) {
      System.out.printf(
          "Rate limit: %s (X-Client-Id, else client IP; /health and /stats exempt)%n",
          limit.describe());
    }
    System.out.printf("Listening on %s  (try: curl %s/health)%n", server.url(), server.url());
    System.out.flush();
    return Serve.untilShutdown(server, "Node " + id + " stopped.");
  }

  NodeConfig config() {
    CpuMode mode = CpuMode.parse(cpu);
    if (mode == CpuMode.REAL && cores != null) {
      throw new IllegalArgumentException(
          "--cores sets the simulated machine's cores; with --cpu real the node uses this"
              + " machine's "
              + Runtime.getRuntime().availableProcessors()
              + ": drop --cores, or drop --cpu real");
    }
    return new NodeConfig(
        id,
        host,
        port,
        loadFactor,
        workers,
        mode,
        cores == null ? NodeConfig.DEFAULT_CORES : cores);
  }

  static String machine(NodeConfig config) {
    return config.cpu() == CpuMode.REAL
        ? "real, this machine's " + Runtime.getRuntime().availableProcessors() + " cores"
        : "simulated, " + config.cores() + (config.cores() == 1 ? " core" : " cores");
  }

  /** What one request costs, so a student can predict latencies before measuring them. */
  static String work(NodeConfig config) {
    if (config.cpu() == CpuMode.REAL) {
      return String.format(
          Locale.ROOT,
          "Work per data request: fib(%d), computed on this machine's cores (shared with every"
              + " other program)",
          config.loadFactor());
    }
    CpuConfig cpu = config.simulatedCpu(0);
    return String.format(
        Locale.ROOT,
        "Work per data request: fib(%d) = %,d calls = %.1f ms on one simulated core (%,d calls/s)",
        config.loadFactor(),
        config.workUnits(),
        cpu.timeFor(config.workUnits()).toNanos() / 1e6,
        cpu.unitsPerSecond());
  }
}
