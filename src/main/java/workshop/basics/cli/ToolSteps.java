package workshop.basics.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import workshop.support.proc.ChildProcess;
import workshop.verify.VerifyAborted;
import workshop.verify.VerifyRun;

/**
 * The lab's Steps 1, 2 and 8 under {@code ./workshop verify basics}: two file servers each with a
 * folder of its own (the lab's {@code python3 -m http.server 8001} and {@code 8002}), the lab's
 * {@code curl} loop as {@code ./workshop http get --repeat 5}, {@code ./workshop ping} by the name
 * a server printed, and {@code ./workshop bench} in place of {@code ab}. Every command runs as a
 * separate process, as a student types it in another terminal.
 */
final class ToolSteps {
  private static final Duration COMMAND = Duration.ofSeconds(60);
  private static final Pattern ANSWERED =
      Pattern.compile("(\\d+) requests: (\\d+) answered, (\\d+) without an answer");
  private static final Pattern LOSS =
      Pattern.compile("(\\d+) probes sent, (\\d+) received, (\\d+)% loss");
  private static final Pattern RTT = Pattern.compile("rtt min/avg/max/mdev = ([\\d./]+) ms");

  private final VerifyRun run;

  ToolSteps(VerifyRun run) {
    this.run = run;
  }

  void run() {
    run.step("Step 1: ./workshop serve --port P1 --dir site-1 and --port P2 --dir site-2");
    int[] ports = {run.freePort(), run.freePort()};
    for (int i = 0; i < 2; i++) {
      Path site = site(i + 1);
      ChildProcess serve =
          run.start(
              "serve-" + ports[i],
              "serve",
              "--port",
              Integer.toString(ports[i]),
              "--dir",
              site.toString());
      run.awaitHealthy(serve, url(ports[i], ""), VerifyRun.STARTUP);
    }
    curlLoop(ports);
    ping(ports[1]);
    bench(ports[0]);
  }

  /** A folder with one file saying which server it belongs to. */
  private Path site(int n) {
    try {
      Path site = Files.createDirectories(run.folder().resolve("site-" + n));
      Files.writeString(site.resolve("hello.txt"), "hello from site-" + n + "\n");
      return site;
    } catch (IOException e) {
      throw new VerifyAborted("could not write the lab's files: " + e.getMessage());
    }
  }

  private void curlLoop(int[] ports) {
    run.step("./workshop http get URL/hello.txt --repeat 5, against each server");
    StringBuilder seen = new StringBuilder();
    boolean ok = true;
    for (int i = 0; i < 2; i++) {
      VerifyRun.Ran got =
          run.command(COMMAND, "http", "get", url(ports[i], "/hello.txt"), "--repeat", "5");
      Optional<Matcher> answered = find(ANSWERED, got.output());
      long own = got.output().stream().filter(("hello from site-" + (i + 1))::equals).count();
      ok &= got.ok() && answered.isPresent() && answered.get().group(2).equals("5") && own == 5;
      seen.append(i == 0 ? "" : "; ")
          .append("server ")
          .append(i + 1)
          .append(": ")
          .append(answered.map(Matcher::group).orElse(got.oneLine()))
          .append(", ")
          .append(own)
          .append(" times from site-")
          .append(i + 1);
    }
    run.check(
        "Step 1: two servers, each answers the loop from its own folder", ok, seen.toString());
  }

  private void ping(int port) {
    String name = "serve-" + port;
    run.step("Step 2: ./workshop ping " + name + " -c 3 -i 0.2s");
    VerifyRun.Ran got = run.command(COMMAND, "ping", name, "-c", "3", "-i", "0.2s");
    Optional<Matcher> loss = find(LOSS, got.output());
    Optional<Matcher> rtt = find(RTT, got.output());
    run.check(
        "Step 2: ping finds the server by the name it printed and measures round trips",
        got.ok() && loss.isPresent() && loss.get().group(3).equals("0") && rtt.isPresent(),
        loss.map(Matcher::group).orElse(got.oneLine()) + rtt.map(m -> "; " + m.group()).orElse(""));
  }

  private void bench(int port) {
    run.step("Step 8: ./workshop bench -n 500 -c 10 URL/hello.txt");
    VerifyRun.Ran got =
        run.command(COMMAND, "bench", "-n", "500", "-c", "10", url(port, "/hello.txt"));
    String complete = field(got.output(), "Complete requests:");
    String failed = field(got.output(), "Failed requests:");
    String non2xx = field(got.output(), "Non-2xx responses:");
    String rate = field(got.output(), "Requests per second:");
    String p99 = field(got.output(), "99%");
    run.check(
        "Step 8: bench reports ab's figures, 500 complete and none failed",
        got.ok() && "500".equals(complete) && "0".equals(failed) && "0".equals(non2xx),
        "complete "
            + complete
            + ", failed "
            + failed
            + ", non-2xx "
            + non2xx
            + ", "
            + rate.split(" ")[0]
            + " requests/s, 99 % within "
            + p99
            + " ms");
  }

  /** What follows {@code label} on the line that starts with it, or "?" when none does. */
  static String field(List<String> lines, String label) {
    for (String line : lines) {
      String t = line.strip();
      if (t.startsWith(label)) {
        return t.substring(label.length()).strip();
      }
    }
    return "?";
  }

  private static Optional<Matcher> find(Pattern p, List<String> lines) {
    for (String line : lines) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static String url(int port, String path) {
    return "http://127.0.0.1:" + port + path;
  }
}
