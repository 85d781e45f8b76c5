package workshop.kv;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A test's redis-cli: runs typed lines against a {@link CommandTable} and shows each reply as
 * redis-cli prints it ({@code OK}, {@code "v"}, {@code (integer) 1}, {@code (nil)}, {@code (error)
 * ERR ...}), so a test reads like a session at the prompt.
 */
final class RedisCli {
  final Keyspace keys = new Keyspace();
  final Clients clients = new Clients();
  final CommandTable table;
  final long client;
  long nowMillis = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  RedisCli() {
    table =
        new CommandTable(
            keys,
            clients,
            () ->
                new ServerFacts(
                    "0123456789abcdef0123456789abcdef01234567",
                    4242,
                    6380,
                    1_767_225_600_000L,
                    ServerFacts.LogFacts.NONE));
    client = clients.connect("127.0.0.1:50001", "127.0.0.1:6380", nowMillis);
  }

  /** Runs one typed line (inline syntax, quotes allowed) and shows the reply. */
  String run(String line) {
    RespDecoder decoder = new RespDecoder();
    byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
    decoder.feed(bytes, 0, bytes.length);
    RespDecoder.Command command = (RespDecoder.Command) decoder.next();
    return show(execute(command.args()), "");
  }

  Reply execute(List<byte[]> args) {
    return switch (table.execute(new Call(client, args, nowMillis))) {
      case Outcome.Answer a -> a.reply();
      case Outcome.Write w -> {
        keys.apply(keys.sequence(w.write()));
        yield w.reply();
      }
    };
  }

  static String show(Reply reply, String indent) {
    return switch (reply) {
      case Reply.Status s -> s.text();
      case Reply.Error e -> "(error) " + e.message();
      case Reply.Int i -> "(integer) " + i.value();
      case Reply.Bulk b -> '"' + new String(b.bytes(), StandardCharsets.UTF_8) + '"';
      case Reply.Nil n -> "(nil)";
      case Reply.Multi m -> {
        if (m.items().isEmpty()) {
          yield "(empty array)";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < m.items().size(); i++) {
          if (i > 0) {
            out.append('\n').append(indent);
          }
          String n = (i + 1) + ") ";
          out.append(n).append(show(m.items().get(i), indent + " ".repeat(n.length())));
        }
        yield out.toString();
      }
    };
  }
}
