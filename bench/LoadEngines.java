// Two ways to drive a closed loop of keep-alive GETs from one thread, side by side in one JVM
// against one URL: the load generator's own loop (LoadGenerator on LoadLoop: a selector and a
// hand-rolled answer parser) and Apache HttpCore 5's async requester (one I/O reactor thread,
// a pool of CONC connections, the library's parser, bodies discarded). Rounds alternate, each
// ROUND_SECONDS long after a warm-up round of each, and print requests/s and the process's CPU
// time per request (both run in this process; the server is elsewhere).
//
//   ./mvnw -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
//   java -cp "target/classes:$(cat target/cp.txt)" bench/LoadEngines.java http://127.0.0.1:5911/ [rounds] [conc]
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.impl.bootstrap.AsyncRequesterBootstrap;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncRequester;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import workshop.support.load.LoadGenerator;
import workshop.support.load.LoadPlan;

public class LoadEngines {
  static final int ROUND_SECONDS = 5;

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int conc = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    HttpAsyncRequester requester =
        AsyncRequesterBootstrap.bootstrap()
            .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
            .setMaxTotal(conc)
            .setDefaultMaxPerRoute(conc)
            .create();
    requester.start();
    try {
      for (int r = 0; r <= rounds; r++) {
        String prefix = r == 0 ? "warm-up" : "round " + r;
        System.out.println(prefix + " loop:  " + loop(url, conc));
        System.out.println(prefix + " async: " + async(requester, url, conc));
      }
    } finally {
      requester.close(CloseMode.GRACEFUL);
    }
  }

  static String loop(URI url, int conc) {
    String base = url.getScheme() + "://" + url.getAuthority();
    LoadPlan plan =
        new LoadPlan(
            List.of(base),
            "GET",
            url.getRawPath(),
            null,
            conc,
            0,
            Duration.ofSeconds(ROUND_SECONDS),
            Duration.ofSeconds(5));
    long cpu0 = cpu();
    long t0 = System.nanoTime();
    long n = new LoadGenerator(plan).run(null).overall().requests();
    return result(n, System.nanoTime() - t0, cpu() - cpu0);
  }

  static String async(HttpAsyncRequester requester, URI url, int conc) throws Exception {
    HttpHost host = new HttpHost(url.getScheme(), url.getHost(), url.getPort());
    long end = System.nanoTime() + Duration.ofSeconds(ROUND_SECONDS).toNanos();
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    CountDownLatch finished = new CountDownLatch(conc);
    long cpu0 = cpu();
    long t0 = System.nanoTime();
    for (int i = 0; i < conc; i++) {
      send(requester, host, url.getRawPath(), end, done, failed, finished);
    }
    finished.await();
    String s = result(done.get(), System.nanoTime() - t0, cpu() - cpu0);
    return failed.get() == 0 ? s : s + " (" + failed.get() + " failed)";
  }

  static void send(
      HttpAsyncRequester requester,
      HttpHost host,
      String path,
      long end,
      AtomicLong done,
      AtomicLong failed,
      CountDownLatch finished) {
    if (System.nanoTime() - end >= 0) {
      finished.countDown();
      return;
    }
    requester.execute(
        new BasicRequestProducer(Method.GET, host, path),
        new BasicResponseConsumer<>(new DiscardingEntityConsumer<Void>()),
        Timeout.ofSeconds(5),
        new FutureCallback<Message<org.apache.hc.core5.http.HttpResponse, Void>>() {
          @Override
          public void completed(Message<org.apache.hc.core5.http.HttpResponse, Void> answer) {
            done.incrementAndGet();
            send(requester, host, path, end, done, failed, finished);
          }

          @Override
          public void failed(Exception e) {
            failed.incrementAndGet();
            send(requester, host, path, end, done, failed, finished);
          }

          @Override
          public void cancelled() {
            finished.countDown();
          }
        });
  }

  static String result(long n, long nanos, long cpuNanos) {
    return String.format(
        "%,9.0f req/s, %5.1f us CPU per request (%,d requests)",
        n / (nanos / 1e9), cpuNanos / 1e3 / Math.max(1, n), n);
  }

  static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
