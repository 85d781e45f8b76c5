package workshop.tools.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import workshop.support.cli.DurationConverter;

/**
 * What {@code ./workshop info} and {@code clients} ask a server with: which server (a name from the
 * address book, host:port or a URL), whether to print its JSON as it came, and how long to wait. A
 * picocli mixin, so both commands read and describe it the same way.
 */
public final class ServerQuery {
  @Parameters(
      index = "0",
      paramLabel = "TARGET",
      description = "A workshop server's name (node-1), host:port, or an http:// URL.")
  String target;

  @Option(names = "--json", description = "Print the server's JSON answer as it came.")
  boolean json;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "How long to wait for the answer (default ${DEFAULT-VALUE}: a server's first answer"
              + " after its start can take seconds on a busy laptop).")
  Duration timeout;

  /** The query for {@code target} with the defaults, as a test builds it. */
  static ServerQuery of(String target, boolean json, Duration timeout) {
    ServerQuery q = new ServerQuery();
    q.target = target;
    q.json = json;
    q.timeout = timeout;
    return q;
  }
}
