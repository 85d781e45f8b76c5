package workshop.resilient.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import workshop.resilient.Backoff;
import workshop.resilient.http.ClusterClient;
import workshop.support.cli.RegistryOption;
import workshop.support.cli.UserError;

/** {@code ./workshop cluster-client write K V | read K | status | demo | interactive}. */
@Command(
    name = "cluster-client",
    mixinStandardHelpOptions = true,
    description = {
      "Module 23: talk to each key's replicas directly, every decision printed.",
      "It has a circuit breaker per node, retries with exponential backoff and full jitter, and"
          + " failover."
    })
public final class ClusterClientCommand implements Callable<Integer> {
  @Parameters(
      arity = "0..*",
      paramLabel = "ACTION",
      description = "What to do: write KEY VALUE, read KEY, status, demo or interactive (default).")
  List<String> action;

  @Mixin RegistryOption registry;

  @Option(
      names = "--mode",
      description = "The original's way to pick the action: demo or interactive.")
  String mode;

  @Override
  public Integer call() throws IOException {
    String reg = registry.url();
    List<String> words =
        action == null || action.isEmpty() ? List.of(mode == null ? "interactive" : mode) : action;
    try (ClusterClient client =
        new ClusterClient(
            reg,
            System.out,
            InstantSource.system(),
            new SplittableRandom(),
            Backoff.DEFAULT,
            d -> Thread.sleep(d))) {
      try {
        if (words.get(0).equals("interactive")) {
          return interactive(client);
        }
        return run(client, words) ? 0 : 1;
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage());
      }
    }
  }

  static boolean run(ClusterClient client, List<String> words) {
    String verb = words.get(0);
    switch (verb) {
      case "write" -> {
        if (words.size() < 3) {
          throw new UserError("usage: cluster-client write KEY VALUE");
        }
        return client.write(words.get(1), String.join(" ", words.subList(2, words.size())));
      }
      case "read" -> {
        if (words.size() != 2) {
          throw new UserError("usage: cluster-client read KEY");
        }
        client.read(words.get(1));
        return true;
      }
      case "status" -> {
        client.status();
        return true;
      }
      case "demo" -> {
        boolean ok = true;
        for (String[] kv :
            new String[][] {
              {"user:1", "Alice"},
              {"user:2", "Bob"},
              {"user:3", "Carol"},
              {"config:theme", "dark"},
              {"session:xyz", "token-123"}
            }) {
          ok &= client.write(kv[0], kv[1]);
        }
        for (String key : List.of("user:1", "user:2", "user:3", "config:theme", "session:xyz")) {
          client.read(key);
        }
        System.out.println();
        System.out.println(
            "Now kill a node (curl -X POST http://localhost:5000/kill/node-2) and run");
        System.out.println(
            "  ./workshop cluster-client demo   again: watch the breaker skip it and the reads fail over.");
        return ok;
      }
      default ->
          throw new UserError(
              "unknown action '"
                  + verb
                  + "'; use write KEY VALUE, read KEY, status, demo or interactive");
    }
  }

  private static int interactive(ClusterClient client) throws IOException {
    System.out.println("Commands: write KEY VALUE, read KEY, status, quit");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (true) {
      System.out.print(">>> ");
      System.out.flush();
      String line = in.readLine();
      if (line == null) {
        return 0;
      }
      List<String> words = List.of(line.trim().split("\\s+"));
      if (words.get(0).isEmpty()) {
        continue;
      }
      if (words.get(0).equals("quit") || words.get(0).equals("exit")) {
        return 0;
      }
      try {
        run(client, words);
      } catch (UserError | IllegalStateException e) {
        System.out.println("error: " + e.getMessage());
      }
    }
  }
}
