package workshop.breaker.cli;

import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import workshop.breaker.http.FlakyServer;
import workshop.fault.http.NetFaults;
import workshop.support.cli.Ports;
import workshop.support.cli.Serve;

/** {@code ./workshop flaky-server [--port 9001] [--seed S]}. */
@Command(
    name = "flaky-server",
    mixinStandardHelpOptions = true,
    description = {
      "Module 09: a dependency that fails on demand, to trip a circuit breaker.",
      "GET / answers 200 or 500. POST /fail, POST /recover, POST /slow?ms=3000 (answers after"
          + " the delay), POST /flaky?rate=0.5 (fails at random with that probability)."
    })
public final class FlakyServerCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "9001",
      description = "Port to listen on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--seed",
      description = "Seed for flaky mode's random failures, to replay a run (default: random).")
  Long seed;

  @Override
  public Integer call() {
    Ports.check("--port", port, true);
    SplittableRandom random = seed == null ? new SplittableRandom() : new SplittableRandom(seed);
    NetFaults net = NetFaults.forThisProcess("flaky-server", System.out);
    FlakyServer server = FlakyServer.start(host, port, random, net, System.out);
    net.listening(server.url());
    System.out.printf("Starting Flaky Server on port %d%n", server.port());
    System.out.printf(
        "Listening on %s  (try: curl -X POST %s/fail, then ./workshop viz breaker)%n",
        server.url(), server.url());
    System.out.flush();
    return Serve.untilShutdown(server, "Flaky server stopped.");
  }
}
