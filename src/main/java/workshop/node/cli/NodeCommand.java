package workshop.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import workshop.node.NodeConfig;
import workshop.node.http.NodeServer;
import workshop.ratelimit.RateLimitConfig;
import workshop.ratelimit.cli.RateLimitOptions;
import workshop.support.cli.Ports;
import workshop.support.cli.Serve;
import workshop.support.http.FaultPolicy;

/** {@code ./workshop node --port 5001 --id 1 [--load-factor 35] [--workers 10]}. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Module 01: start a node, a process on a port that stores key/value pairs over HTTP/JSON.",
      "Endpoints: GET /, GET /health, GET /stats, POST /data {\"key\",\"value\"}, GET /data/{key},",
      "DELETE /data/{key}, GET /keys."
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
          "Burn recursive fib(N) per data request to simulate CPU work (default ${DEFAULT-VALUE}).")
  int loadFactor;

  @Option(
      names = "--workers",
      defaultValue = "1",
      description =
          "Requests worked on at once; the rest wait in a queue (default ${DEFAULT-VALUE}).")
  int workers;

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
    NodeConfig config = new NodeConfig(id, host, port, loadFactor, workers);
    RateLimitConfig limit = rateLimit.config();
    NodeServer server = NodeServer.start(config, FaultPolicy.NONE, System.out, limit);
    System.out.printf(
        "Starting Node %d on port %d (Load Factor: %d, Workers: %d)%n",
        id, server.port(), loadFactor, workers);
    if (limit != null) {
      System.out.printf(
          "Rate limit: %s (X-Client-Id, else client IP; /health and /stats exempt)%n",
          limit.describe());
    }
    System.out.printf("Listening on %s  (try: curl %s/health)%n", server.url(), server.url());
    System.out.flush();
    return Serve.untilShutdown(server, "Node " + id + " stopped.");
  }
}
