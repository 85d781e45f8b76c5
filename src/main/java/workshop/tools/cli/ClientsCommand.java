package workshop.tools.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import workshop.support.http.ClientEntry;
import workshop.support.json.Json;
import workshop.support.proc.ProcessRecords;

/**
 * {@code ./workshop clients <name|host:port>}: a workshop server's open connections ({@code GET
 * /clients}) printed as Redis prints CLIENT LIST, one {@code id=.. addr=.. age=.. idle=..} line per
 * connection, ages in whole seconds as Redis gives them. The connection asking is listed too, as in
 * Redis, with {@code last=GET /clients}.
 */
@Command(
    name = "clients",
    mixinStandardHelpOptions = true,
    description = {
      "List a workshop server's open connections, as Redis's CLIENT LIST does: one line each with"
          + " the other end's address, the connection's age and idle time in seconds, the requests"
          + " served on it, and its last method and path."
    },
    footer = {
      "",
      "Examples:",
      "  ./workshop clients node-1",
      "  ./workshop clients localhost:5001 --json"
    })
public final class ClientsCommand implements Callable<Integer> {
  @Mixin ServerQuery query = new ServerQuery();

  /** The answer to {@code GET /clients}. */
  record Clients(List<ClientEntry> clients) {}

  @Override
  public Integer call() {
    return run(ProcessRecords.stateOfThisCheckout(), System.out);
  }

  int run(Path state, PrintStream out) {
    ServerTarget server = ServerTarget.resolve(query.target, state);
    Clients answer = server.get("/clients", Clients.class, query.timeout);
    if (query.json) {
      out.println(Json.text(answer));
    } else {
      answer.clients().forEach(c -> out.println(line(c)));
    }
    out.flush();
    return 0;
  }

  /** {@code id=3 addr=127.0.0.1:52555 age=12 idle=0 requests=5 active=1 http=1.1 last=GET /x}. */
  static String line(ClientEntry c) {
    return "id="
        + c.id()
        + " addr="
        + c.addr()
        + " age="
        + c.age_ms() / 1000
        + " idle="
        + c.idle_ms() / 1000
        + " requests="
        + c.requests()
        + " active="
        + (c.active() ? 1 : 0)
        + " http="
        + c.http()
        + " last="
        + (c.last() == null ? "" : c.last());
  }
}
