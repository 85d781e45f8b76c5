package workshop.node.http;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import workshop.node.Fibonacci;
import workshop.node.NodeConfig;
import workshop.support.http.HttpError;
import workshop.support.http.Response;
import workshop.support.json.Json;

/**
 * Runs data requests on this machine's cores ({@code --cpu real}): a pool of exactly {@code
 * --workers} threads computes fib(load factor) for each request; requests beyond that wait in the
 * pool's queue, first in, first out. The operating system time-slices the workers over the
 * machine's cores, which every other program and every other node on the machine share.
 */
final class RealProcessor implements Processor {
  private final NodeConfig config;
  private final PrintStream log;
  private final int maxQueued;
  private final ThreadPoolExecutor workers;

  RealProcessor(NodeConfig config, int maxQueued, PrintStream log) {
    this.config = config;
    this.log = log;
    this.maxQueued = maxQueued;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            config.workers(),
            config.workers(),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(maxQueued),
            r -> {
              Thread t = new Thread(r, "worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public Response run(Callable<Response> answer) throws Exception {
    Future<Response> result;
    try {
      result =
          workers.submit(
              () -> {
                burn();
                return answer.call();
              });
    } catch (RejectedExecutionException e) {
      throw new HttpError(
          503,
          "overloaded",
          "Node "
              + config.id()
              + " already has "
              + maxQueued
              + " requests waiting; try again later or add workers/nodes");
    }
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void burn() {
    if (config.loadFactor() == 0) {
      return;
    }
    long t0 = System.nanoTime();
    Fibonacci.fib(config.loadFactor());
    double ms = (System.nanoTime() - t0) / 1e6;
    log.printf(
        Locale.ROOT,
        "[Node %d] CPU Load: fib(%d) took %.2fms on this machine's cores%n",
        config.id(),
        config.loadFactor(),
        ms);
  }

  @Override
  public int working() {
    return workers.getActiveCount();
  }

  @Override
  public int queued() {
    return workers.getQueue().size();
  }

  @Override
  public Object stats() {
    return Json.map(
        "mode", config.cpu().flag(), "cores", Runtime.getRuntime().availableProcessors());
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
