package workshop.tools.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import workshop.support.http.Response;
import workshop.support.http.WebClient;
import workshop.support.json.Json;

/**
 * {@code ./workshop http get|post URL [--data JSON] [--repeat 5]}: the lab's {@code curl}, for a
 * laptop without it. Each request prints its status and time, then the body; a request that gets no
 * answer prints one line saying why (nothing listening, no answer in time). Exit code 0 when every
 * request was answered (whatever the status, as curl), 1 when one was not, 2 for a command line
 * that cannot be run.
 */
@Command(
    name = "http",
    mixinStandardHelpOptions = true,
    description = {
      "Send HTTP requests and print each answer's status, time and body, for those without curl.",
      "The lab's for i in {1..5}; do curl http://localhost:8001; done is ./workshop http get"
          + " http://localhost:8001/ --repeat 5."
    },
    footer = {
      "",
      "Examples:",
      "  ./workshop http get http://localhost:8001/",
      "  ./workshop http get http://localhost:5001/health --repeat 5",
      "  ./workshop http post http://localhost:5001/data --data '{\"key\":\"a\",\"value\":\"1\"}'"
    })
public final class HttpCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "get|post", description = "The method: get or post.")
  String method;

  @Parameters(
      index = "1",
      paramLabel = "URL",
      description = "The URL, e.g. http://localhost:8001/.")
  String url;

  @Option(
      names = {"-d", "--data"},
      description = "The JSON body of a post (sent with Content-Type: application/json).")
  String data;

  @Option(
      names = "--repeat",
      defaultValue = "1",
      description =
          "Send the request this many times, one after another (default ${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "Give up on a request with no answer after this long (default ${DEFAULT-VALUE}).")
  Duration timeout;

  /** More would be a load test: {@code ./workshop bench} is made for that. */
  static final int MAX_REPEAT = 10_000;

  @Override
  public Integer call() {
    return run(System.out, System.err);
  }

  int run(PrintStream out, PrintStream err) {
    String verb = method.toUpperCase(Locale.ROOT);
    if (!verb.equals("GET") && !verb.equals("POST")) {
      throw UserError.usage("'" + method + "' is not a method here: use get or post");
    }
    if (repeat < 1 || repeat > MAX_REPEAT) {
      throw UserError.usage(
          "--repeat must be between 1 and "
              + MAX_REPEAT
              + ", got "
              + repeat
              + " (for load, use ./workshop bench)");
    }
    if (timeout.isZero()) {
      throw UserError.usage("--timeout must be more than 0, e.g. 5s");
    }
    byte[] body = body(verb);
    URI uri = Urls.http(url);
    Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", Response.JSON);
    int failed = 0;
    double min = Double.MAX_VALUE;
    double max = 0;
    double sum = 0;
    try (WebClient client = WebClient.create(timeout)) {
      for (int i = 1; i <= repeat; i++) {
        String prefix = repeat > 1 ? "[" + i + "] " : "";
        long t0 = System.nanoTime();
        try {
          ClientResponse answer = client.send(verb, uri.toString(), headers, body, timeout);
          double ms = (System.nanoTime() - t0) / 1e6;
          min = Math.min(min, ms);
          max = Math.max(max, ms);
          sum += ms;
          out.printf(Locale.ROOT, "%sHTTP %d in %.1f ms%n", prefix, answer.status(), ms);
          String text = answer.text();
          out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
        } catch (CallFailure f) {
          failed++;
          err.println(prefix + "error: " + f.kind().label() + ": " + f.getMessage());
        }
        out.flush();
      }
    }
    if (repeat > 1) {
      int answered = repeat - failed;
      out.printf(
          Locale.ROOT,
          "%d requests: %d answered, %d without an answer%s%n",
          repeat,
          answered,
          failed,
          answered == 0
              ? ""
              : String.format(
                  Locale.ROOT, "; min/avg/max %.1f/%.1f/%.1f ms", min, sum / answered, max));
    }
    return failed == 0 ? 0 : 1;
  }

  private byte[] body(String verb) {
    if (data == null) {
      return verb.equals("POST") ? new byte[0] : null;
    }
    if (verb.equals("GET")) {
      throw UserError.usage("--data goes with post: ./workshop http post URL --data '{...}'");
    }
    byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
    try {
      Json.read(bytes, Object.class);
    } catch (Json.JsonParseFailure e) {
      throw UserError.usage(
          "--data is not JSON ("
              + e.getMessage()
              + "); quote it for the shell: --data '{\"key\":\"a\",\"value\":\"1\"}'");
    }
    return bytes;
  }
}
