package workshop.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The commands about the server rather than the data: PING, ECHO, INFO, ROLE, CLIENT (LIST, ID,
 * SETNAME, GETNAME), COMMAND (enough for redis-cli's interactive mode, which asks for COMMAND DOCS
 * when it starts), SELECT (database 0 only) and QUIT.
 */
final class ServerCommands {
  private final CommandTable table;
  private final Keyspace keys;
  private final Clients clients;
  private final Supplier<ServerFacts> facts;

  ServerCommands(CommandTable table, Keyspace keys, Clients clients, Supplier<ServerFacts> facts) {
    this.table = table;
    this.keys = keys;
    this.clients = clients;
    this.facts = facts;
  }

  Outcome ping(Call call) {
    return switch (call.size()) {
      case 1 -> Outcome.answer(Reply.PONG);
      case 2 -> Outcome.answer(new Reply.Bulk(call.args().get(1)));
      default -> Outcome.answer(CommandTable.wrongArity("ping"));
    };
  }

  Outcome echo(Call call) {
    return Outcome.answer(new Reply.Bulk(call.args().get(1)));
  }

  Outcome info(Call call) {
    String text =
        Info.render(
            DataCommands.words(call, 1),
            keys,
            clients,
            table.processed(),
            facts.get(),
            call.nowMillis());
    return Outcome.answer(Reply.bulk(text));
  }

  Outcome role(Call call) {
    return Outcome.answer(
        new Reply.Multi(
            List.of(
                Reply.bulk("master"), new Reply.Int(keys.offset()), new Reply.Multi(List.of()))));
  }

  Outcome client(Call call) {
    String sub = call.text(1).toLowerCase(Locale.ROOT);
    clients.touch(call.clientId(), "client|" + sub, call.nowMillis());
    int n = call.size();
    return switch (sub) {
      case "list" -> Outcome.answer(Reply.bulk(clients.list(call.nowMillis())));
      case "id" ->
          n == 2
              ? Outcome.answer(new Reply.Int(call.clientId()))
              : Outcome.answer(CommandTable.wrongArity("client|id"));
      case "getname" -> {
        if (n != 2) {
          yield Outcome.answer(CommandTable.wrongArity("client|getname"));
        }
        String name = clients.name(call.clientId());
        yield Outcome.answer(name.isEmpty() ? Reply.NIL : Reply.bulk(name));
      }
      case "setname" -> {
        if (n != 3) {
          yield Outcome.answer(CommandTable.wrongArity("client|setname"));
        }
        String name = call.text(2);
        if (!name.chars().allMatch(c -> c > ' ' && c <= '~')) {
          yield Outcome.answer(
              Reply.err("Client names cannot contain spaces, newlines or special characters."));
        }
        clients.setName(call.clientId(), name);
        yield Outcome.answer(Reply.OK);
      }
      default ->
          Outcome.answer(
              Reply.err(
                  "unknown subcommand '"
                      + call.text(1)
                      + "'. Try CLIENT LIST, CLIENT ID, CLIENT SETNAME, CLIENT GETNAME."));
    };
  }

  Outcome command(Call call) {
    String sub = call.size() > 1 ? call.text(1).toLowerCase(Locale.ROOT) : "";
    return switch (sub) {
      case "" -> Outcome.answer(new Reply.Multi(table.specs().stream().map(this::entry).toList()));
      case "count" -> Outcome.answer(new Reply.Int(table.specs().size()));
      case "docs" -> Outcome.answer(new Reply.Multi(List.of()));
      case "info" -> {
        List<Reply> found = new ArrayList<>();
        for (String name : DataCommands.words(call, 2)) {
          found.add(
              table.specs().stream()
                  .filter(s -> s.name().equalsIgnoreCase(name))
                  .findFirst()
                  .map(this::entry)
                  .orElse(Reply.NIL));
        }
        yield Outcome.answer(new Reply.Multi(found));
      }
      default ->
          Outcome.answer(
              Reply.err(
                  "unknown subcommand '"
                      + call.text(1)
                      + "'. Try COMMAND, COMMAND COUNT, COMMAND DOCS, COMMAND INFO."));
    };
  }

  /** COMMAND's entry: name, arity, flags, first key, last key, step. */
  private Reply entry(CommandTable.Spec spec) {
    boolean keyed = spec.name().matches("get|set|del|exists");
    boolean many = spec.name().matches("del|exists");
    return new Reply.Multi(
        List.of(
            Reply.bulk(spec.name()),
            new Reply.Int(spec.arity()),
            new Reply.Multi(List.of(new Reply.Status(spec.writes() ? "write" : "readonly"))),
            new Reply.Int(keyed ? 1 : 0),
            new Reply.Int(keyed ? (many ? -1 : 1) : 0),
            new Reply.Int(keyed ? 1 : 0)));
  }

  Outcome select(Call call) {
    Long db = DataCommands.integer(call.text(1));
    if (db == null) {
      return Outcome.answer(Reply.err("value is not an integer or out of range"));
    }
    return Outcome.answer(db == 0 ? Reply.OK : Reply.err("DB index is out of range"));
  }

  Outcome quit(Call call) {
    return new Outcome.Answer(Reply.OK, true);
  }
}
