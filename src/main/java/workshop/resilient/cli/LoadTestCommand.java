package workshop.resilient.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import workshop.resilient.LoadTally;
import workshop.resilient.http.LoadTestClient;
import workshop.support.cli.RegistryOption;
import workshop.support.cli.UserError;

/**
 * {@code ./workshop load-test [--registry URL] [--requests 50] [--concurrency 1] [--seed S]
 * [--read-back]}: the capstone's load test, with the table the original promised.
 */
@Command(
    name = "load-test",
    mixinStandardHelpOptions = true,
    description = {
      "Module 23: write N random keys (test:xxxxxxxx) through the registry's quorum.",
      "Then it shows how they spread over the nodes, what failed and why, and the latency.",
      "--read-back reads every acknowledged key back; the exit code is 1 if any of them is missing"
          + " or wrong."
    })
public final class LoadTestCommand implements Callable<Integer> {
  /** Above the registry's 2 s per replica, so a slow replica alone never times a write out. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  static final int MAX_REQUESTS = 1_000_000;

  @Mixin RegistryOption registry;

  @Option(
      names = "--requests",
      defaultValue = "50",
      description = "Writes to send, 1 to 1000000 (default ${DEFAULT-VALUE}).")
  int requests;

  @Option(
      names = "--concurrency",
      defaultValue = "1",
      description = "Writes in flight at once, 1 to 100 (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--seed",
      description = "Seed for the keys, to repeat a run (default: a random one, printed).")
  Long seed;

  @Option(names = "--read-back", description = "Read every acknowledged key back afterwards.")
  boolean readBack;

  @Override
  public Integer call() {
    String reg = registry.url();
    if (requests < 1 || requests > MAX_REQUESTS) {
      throw new UserError("--requests must be between 1 and 1000000, got " + requests);
    }
    if (concurrency < 1 || concurrency > 100) {
      throw new UserError("--concurrency must be between 1 and 100, got " + concurrency);
    }
    long s = seed != null ? seed : new SplittableRandom().nextLong();
    PrintStream out = System.out;
    try (LoadTestClient client = new LoadTestClient(reg, TIMEOUT)) {
      int alive;
      try {
        alive = client.aliveNodes();
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage());
      }
      if (alive == 0) {
        throw new UserError(
            "the registry at " + reg + " has no alive node; start the cluster with ./workshop up");
      }
      out.printf(
          Locale.ROOT,
          "Load test: %d writes through %s (%d nodes alive), %d at a time, seed %d%n",
          requests,
          reg,
          alive,
          concurrency,
          s);
      if (alive < 2) {
        out.println("  (with 1 node alive no write can reach W=2 replicas: expect 503s)");
      }
      List<String> keys = LoadTally.keys(new SplittableRandom(s), requests);
      LoadTally.Table table = run(client, keys, concurrency, readBack, out);
      out.println();
      out.println(LoadTestView.render(table));
      out.println();
      if (!readBack) {
        out.println("Add --read-back to read every acknowledged key back.");
      }
      out.println(
          "Repeat this run with --seed "
              + s
              + ". Then kill a node (curl -X POST "
              + reg
              + "/kill/node-1) and run again: writes still succeed, and node-1 stores none.");
      out.flush();
      return table.readBackProblems().isEmpty() ? 0 : 1;
    }
  }

  /** Writes every key, then reads the acknowledged ones back when asked; prints progress. */
  static LoadTally.Table run(
      LoadTestClient client,
      List<String> keys,
      int concurrency,
      boolean readBack,
      PrintStream out) {
    AtomicInteger acknowledged = new AtomicInteger();
    LoadTally.Write[] writes =
        inParallel(
            keys.size(),
            concurrency,
            i -> client.write(keys.get(i), value(i)),
            LoadTally.Write[]::new,
            (done, w) -> {
              if (w.outcome() == LoadTally.Outcome.ACKNOWLEDGED) {
                acknowledged.incrementAndGet();
              }
              if (done % 10 == 0 || done == keys.size()) {
                out.println(progress(done, keys.size(), acknowledged.get(), w));
              }
            });
    List<LoadTally.ReadBack> reads = null;
    if (readBack) {
      List<Integer> acked = new ArrayList<>();
      for (int i = 0; i < writes.length; i++) {
        if (writes[i].outcome() == LoadTally.Outcome.ACKNOWLEDGED) {
          acked.add(i);
        }
      }
      out.println("Reading back " + acked.size() + " acknowledged keys...");
      reads =
          Arrays.asList(
              inParallel(
                  acked.size(),
                  concurrency,
                  j -> client.read(keys.get(acked.get(j)), value(acked.get(j))),
                  LoadTally.ReadBack[]::new,
                  (done, r) -> {}));
    }
    return LoadTally.tally(Arrays.asList(writes), reads);
  }

  static String value(int index) {
    return "load-test " + (index + 1);
  }

  static String progress(int done, int total, int acknowledged, LoadTally.Write last) {
    String where =
        last.outcome() == LoadTally.Outcome.ACKNOWLEDGED
            ? "written to " + String.join(", ", last.writtenTo())
            : last.outcome().label() + ": " + last.detail();
    return String.format(
        Locale.ROOT,
        "  %d/%d: %d acknowledged, %d failed; %s %s",
        done,
        total,
        acknowledged,
        done - acknowledged,
        last.key(),
        where);
  }

  private interface Progress<T> {
    void done(int count, T result);
  }

  /**
   * Runs {@code task} for 0..n-1 on {@code workers} threads; results by index. Progress is called
   * under a lock, in completion order.
   */
  private static <T> T[] inParallel(
      int n, int workers, IntFunction<T> task, IntFunction<T[]> array, Progress<T> progress) {
    T[] results = array.apply(n);
    AtomicInteger next = new AtomicInteger();
    int[] done = {0};
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < Math.min(workers, Math.max(1, n)); w++) {
      threads.add(
          Thread.ofPlatform()
              .name("load-test-" + w)
              .start(
                  () -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                      T result = task.apply(i);
                      results[i] = result;
                      synchronized (done) {
                        progress.done(++done[0], result);
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("interrupted");
      }
    }
    return results;
  }
}
