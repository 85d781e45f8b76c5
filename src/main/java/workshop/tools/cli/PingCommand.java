package workshop.tools.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import workshop.support.cli.DurationConverter;
import workshop.support.cli.UserError;
import workshop.support.http.CallFailure;
import workshop.support.http.ClientResponse;
import workshop.support.http.Peers;
import workshop.support.http.WebClient;
import workshop.support.proc.AddressBook;
import workshop.support.proc.ProcessRecords;
import workshop.tools.PingStats;

/**
 * {@code ./workshop ping <name|host:port|URL> [-c 5] [-i 1s] [--timeout 2s] [--from NAME]}: the
 * lab's {@code ping}, without ICMP (which needs root). A workshop server's name (as {@code up} and
 * {@code net} print it) is probed with {@code GET /health}, a URL with a GET of that URL: both pass
 * through the server's fault layer, so {@code net delay}, {@code loss}, {@code pause} and, with
 * {@code --from}, {@code partition} show in the times and the loss. {@code host:port} is probed
 * with a TCP connect, which the operating system answers before any server code runs: the
 * loopback's own round trip, which no workshop fault touches.
 */
@Command(
    name = "ping",
    mixinStandardHelpOptions = true,
    description = {
      "Measure round trips to a workshop server (HTTP GET /health), a URL (HTTP GET) or"
          + " host:port (TCP connect), one line per probe, then ping's statistics.",
      "Faults set with ./workshop net and pause show in the times and the loss of HTTP probes;"
          + " --from NAME probes as if that server called, so a partition between them shows."
    },
    footer = {
      "",
      "Examples:",
      "  ./workshop ping node-2",
      "  ./workshop ping node-3 --from node-1 -c 3",
      "  ./workshop ping localhost:8001 -c 5 -i 0.2s",
      "  ./workshop ping http://localhost:8001/"
    })
public final class PingCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "TARGET",
      description = "A workshop server's name (node-2), host:port, or an http:// URL.")
  String target;

  @Option(
      names = {"-c", "--count"},
      defaultValue = "5",
      description = "Probes to send (default ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = {"-i", "--interval"},
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Time between the starts of two probes (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = {"-W", "--timeout"},
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "How long a probe waits for its answer (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--from",
      paramLabel = "NAME",
      description =
          "Probe as if this workshop server called (its partitions and one-way blocks apply).")
  String from;

  static final int MAX_COUNT = 100_000;
  static final Duration MIN_INTERVAL = Duration.ofMillis(10);

  /** What to probe and how. */
  sealed interface Probe permits Http, Tcp {}

  record Http(String shown, String url) implements Probe {}

  record Tcp(String host, int port) implements Probe {}

  @Override
  public Integer call() throws InterruptedException {
    return run(ProcessRecords.stateOfThisCheckout(), System.out);
  }

  int run(Path state, PrintStream out) throws InterruptedException {
    checkFlags();
    List<AddressBook.Entry> live = new AddressBook(state).live();
    Probe probe = resolve(target.strip(), live);
    if (from != null) {
      if (!(probe instanceof Http)) {
        throw UserError.usage(
            "--from works with an HTTP probe (a name or a URL); a TCP connect to "
                + target
                + " never reaches a fault layer");
      }
      named(from, live, "--from");
    }
    String shown = probe instanceof Http h ? h.shown() : target.strip();
    PingStats stats = new PingStats(shown);
    out.println(header(probe));
    long start = System.nanoTime();
    try (WebClient client = WebClient.create(timeout)) {
      for (int seq = 1; seq <= count; seq++) {
        long due = start + (seq - 1) * interval.toNanos();
        sleepUntil(due);
        out.println(probeOnce(probe, shown, seq, client, stats));
        out.flush();
      }
    }
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    out.println();
    stats.summary(elapsedMillis).forEach(out::println);
    out.flush();
    return stats.received() > 0 ? 0 : 1;
  }

  private void checkFlags() {
    if (count < 1 || count > MAX_COUNT) {
      throw UserError.usage("-c must be between 1 and " + MAX_COUNT + ", got " + count);
    }
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw UserError.usage(
          "-i must be at least "
              + MIN_INTERVAL.toMillis()
              + "ms, got "
              + interval.toMillis()
              + "ms");
    }
    if (timeout.isZero()) {
      throw UserError.usage("--timeout must be more than 0, e.g. 2s");
    }
  }

  private String header(Probe probe) {
    String wait = String.format(Locale.ROOT, "%s timeout", human(timeout));
    return switch (probe) {
      case Http h ->
          "PING "
              + h.shown()
              + " ("
              + h.url()
              + "): HTTP GET, "
              + wait
              + (from == null ? "" : ", as if from " + from);
      case Tcp t -> "PING " + t.host() + ":" + t.port() + ": TCP connect, " + wait;
    };
  }

  private String probeOnce(Probe probe, String shown, int seq, WebClient client, PingStats stats) {
    long t0 = System.nanoTime();
    try {
      String what =
          switch (probe) {
            case Http h -> "status=" + get(client, h.url()).status();
            case Tcp t -> connect(t);
          };
      double ms = (System.nanoTime() - t0) / 1e6;
      stats.answered(ms);
      return String.format(Locale.ROOT, "from %s: seq=%d %s time=%.2f ms", shown, seq, what, ms);
    } catch (CallFailure f) {
      stats.lost();
      return "from " + shown + ": seq=" + seq + " " + f.kind().label() + ": " + f.getMessage();
    }
  }

  private ClientResponse get(WebClient client, String url) {
    Map<String, String> headers = from == null ? Map.of() : Map.of(Peers.NET_HEADER, from);
    return client.send("GET", url, headers, null, timeout);
  }

  /** One TCP handshake, then close. */
  private String connect(Tcp t) {
    String where = t.host() + ":" + t.port();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(t.host(), t.port()), (int) Math.max(1, timeout.toMillis()));
      return "connected";
    } catch (SocketTimeoutException e) {
      throw new CallFailure(
          CallFailure.Kind.TIMEOUT,
          where,
          "no answer from " + where + " within " + timeout.toMillis() + " ms",
          e);
    } catch (ConnectException e) {
      throw new CallFailure(CallFailure.Kind.REFUSED, where, "nothing is listening on " + where, e);
    } catch (IOException e) {
      throw new CallFailure(CallFailure.Kind.IO, where, where + ": " + e.getMessage(), e);
    }
  }

  /** A name, host:port or URL, checked, as the probe to send. */
  static Probe resolve(String text, List<AddressBook.Entry> live) {
    if (text.contains("://")) {
      URI uri = Urls.http(text);
      return new Http(uri.getHost() + ":" + port(uri), uri.toString());
    }
    java.util.regex.Matcher hostPort =
        java.util.regex.Pattern.compile("^(\\[[0-9a-fA-F:]+\\]|[^:/\\s\\[\\]]+):(\\d{1,6})$")
            .matcher(text);
    if (hostPort.matches()) {
      int port = Integer.parseInt(hostPort.group(2));
      if (port < 1 || port > 65_535) {
        throw UserError.usage("the port in '" + text + "' must be between 1 and 65535");
      }
      String host = hostPort.group(1).replaceAll("^\\[|\\]$", "");
      return new Tcp(host, port);
    }
    if (text.matches("\\d+")) {
      throw UserError.usage(
          "'" + text + "' is a number, not a server: write localhost:" + text + " for a TCP ping");
    }
    AddressBook.Entry entry = named(text, live, "target");
    return new Http(entry.name(), entry.url() + "/health");
  }

  /** The live server called {@code name}, or a refusal that lists the ones that run. */
  static AddressBook.Entry named(String name, List<AddressBook.Entry> live, String what) {
    for (AddressBook.Entry e : live) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    String hint =
        name.equals("localhost") || name.contains(".")
            ? " (a host needs a port: " + name + ":8001; ICMP ping needs root)"
            : "";
    if (live.isEmpty()) {
      throw UserError.usage(
          "no workshop server named "
              + name
              + " runs here, and none runs at all"
              + hint
              + "; start some with ./workshop up, or give host:port");
    }
    List<String> names = live.stream().map(AddressBook.Entry::name).distinct().toList();
    throw UserError.usage(
        "no workshop server named "
            + name
            + " runs"
            + hint
            + "; running: "
            + String.join(", ", names)
            + ("--from".equals(what) ? "" : " (or give host:port or a URL)"));
  }

  private static int port(URI uri) {
    return uri.getPort() < 0 ? 80 : uri.getPort();
  }

  private static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      Thread.sleep(Duration.ofNanos(left));
    }
  }
}
