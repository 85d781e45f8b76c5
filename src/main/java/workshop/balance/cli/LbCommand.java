package workshop.balance.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import workshop.balance.http.LbConfig;
import workshop.balance.http.LoadBalancerServer;
import workshop.fault.http.NetFaults;
import workshop.ratelimit.cli.RateLimitOptions;
import workshop.support.cli.DurationConverter;
import workshop.support.cli.Ports;
import workshop.support.cli.Serve;

/** {@code ./workshop lb --port 8080 --backends http://localhost:5001,... --strategy ...}. */
@Command(
    name = "lb",
    mixinStandardHelpOptions = true,
    description = {
      "Module 02: a load balancer (reverse proxy) in front of the nodes.",
      "Forwards every request to one backend; answers GET /health and GET /lb/stats itself."
    })
public final class LbCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port to listen on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--backends",
      defaultValue = "http://localhost:5001,http://localhost:5002,http://localhost:5003",
      split = ",",
      description = "Comma-separated node URLs (default ${DEFAULT-VALUE}).")
  List<String> backends;

  @Option(
      names = "--strategy",
      defaultValue = "round-robin",
      description =
          "How to pick a backend: round-robin, random, least-connections, power-of-two or weighted (default"
              + " ${DEFAULT-VALUE}).")
  String strategy;

  @Option(
      names = "--weights",
      split = ",",
      description = "One weight per backend for --strategy weighted, such as 3,1,1.")
  List<Integer> weights = new ArrayList<>();

  @Option(
      names = "--timeout",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "A backend slower than this gives the caller 504 (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the random strategies, so a demo repeats (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin RateLimitOptions rateLimit;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address to bind (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 for the class network).")
  String host;

  @Override
  public Integer call() {
    Ports.check("--port", port, false);
    if (!weights.isEmpty() && !"weighted".equals(strategy)) {
      throw new IllegalArgumentException("--weights only applies to --strategy weighted");
    }
    LbConfig config =
        new LbConfig(
            host,
            port,
            backends.stream().map(String::trim).map(LbCommand::noSlash).toList(),
            weights,
            strategy,
            seed,
            timeout,
            LbConfig.DEFAULT_CHECK_EVERY,
            rateLimit.config());
    NetFaults net = NetFaults.forThisProcess("lb", System.out);
    LoadBalancerServer lb = LoadBalancerServer.start(config, net, System.out);
    net.listening(lb.url());
    System.out.printf(
        "Load balancer on %s (strategy %s) in front of %s%n",
        lb.url(), lb.strategy(), String.join(", ", config.backends()));
    if (config.rateLimit() != null) {
      System.out.println("Rate limit: " + config.rateLimit().describe());
    }
    System.out.printf(
        "Try: curl -i %s/  |  curl %s/lb/stats  |  ./workshop viz load-balance --target %s%n",
        lb.url(), lb.url(), lb.url());
    System.out.flush();
    return Serve.untilShutdown(lb, "Load balancer stopped.");
  }

  private static String noSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
