package workshop.tools.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import workshop.support.json.Json;
import workshop.support.proc.ProcessRecords;

/**
 * {@code ./workshop info <name|host:port>}: a workshop server's {@code GET /info} printed as Redis
 * prints INFO, one {@code # Section} per part and one {@code field:value} per line, so the lab's
 * {@code redis-cli INFO} step reads the same on a workshop node. {@code --json} prints the answer
 * as the server sent it.
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Show what a workshop server is and what it is doing, as Redis's INFO does: its name, role,"
          + " pid, port and uptime; its open connections and requests in progress; its answers by"
          + " status class; its keys where it holds some; and the faults in force on it."
    },
    footer = {
      "",
      "Examples:",
      "  ./workshop info node-1",
      "  ./workshop info localhost:5001 --json"
    })
public final class InfoCommand implements Callable<Integer> {
  @Mixin ServerQuery query = new ServerQuery();

  @Override
  public Integer call() {
    return run(ProcessRecords.stateOfThisCheckout(), System.out);
  }

  int run(Path state, PrintStream out) {
    ServerTarget server = ServerTarget.resolve(query.target, state);
    Object info = server.get("/info", Object.class, query.timeout);
    if (!(info instanceof Map<?, ?> sections) || !sections.containsKey("server")) {
      throw new workshop.support.cli.UserError(
          server.shown()
              + " answered GET /info with something other than a workshop server's INFO");
    }
    if (query.json) {
      out.println(Json.text(info));
    } else {
      render(sections).forEach(out::println);
    }
    out.flush();
    return 0;
  }

  /** INFO's text: {@code # Server}, then {@code name:node-1}, ...; sections apart by a blank. */
  static List<String> render(Map<?, ?> sections) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<?, ?> section : sections.entrySet()) {
      if (!lines.isEmpty()) {
        lines.add("");
      }
      lines.add("# " + title(String.valueOf(section.getKey())));
      if (section.getValue() instanceof Map<?, ?> fields) {
        for (Map.Entry<?, ?> f : fields.entrySet()) {
          field(lines, String.valueOf(f.getKey()), f.getValue());
        }
      } else {
        field(lines, "value", section.getValue());
      }
    }
    return lines;
  }

  /**
   * One {@code field:value} line; a list gives {@code field_1:...} per item, none {@code :none}.
   */
  private static void field(List<String> lines, String name, Object value) {
    if (value instanceof List<?> items) {
      if (items.isEmpty()) {
        lines.add(name + ":none");
      }
      for (int i = 0; i < items.size(); i++) {
        lines.add(singular(name) + "_" + (i + 1) + ":" + text(items.get(i)));
      }
    } else {
      lines.add(name + ":" + text(value));
    }
  }

  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    return value instanceof Map<?, ?> || value instanceof List<?>
        ? Json.text(value)
        : String.valueOf(value);
  }

  private static String singular(String name) {
    return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
  }

  private static String title(String key) {
    return key.isEmpty() ? key : key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1);
  }
}
