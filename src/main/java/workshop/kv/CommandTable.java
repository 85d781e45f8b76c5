package workshop.kv;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The key-value server's commands, one line each: a name, an arity in Redis's convention (n:
 * exactly n words with the name; -n: at least n) and a handler from a {@link Call} to an {@link
 * Outcome}. {@link #execute} checks the name and the arity with Redis's exact error shapes ({@code
 * ERR unknown command 'FOO', with args beginning with: 'x' }, {@code ERR wrong number of arguments
 * for 'get' command}) and counts each command INFO reports.
 *
 * <p>Reads answer at once; a write answers with the {@link WriteOp} to apply and the reply to send
 * once it is applied ({@link Outcome.Write}). The table never changes the keyspace itself, which is
 * what lets the server log a write, and later replicate it, before it takes effect. Pure and
 * single-threaded: time comes with each call, and the server serializes calls.
 */
public final class CommandTable {
  /** One command: its lowercase name, arity, whether it writes, and its handler. */
  public record Spec(String name, int arity, boolean writes, Function<Call, Outcome> handler) {}

  private final Map<String, Spec> specs = new LinkedHashMap<>();
  private final Clients clients;
  private long processed;

  /**
   * @param facts what only the shell knows, read when INFO is asked for
   */
  public CommandTable(Keyspace keys, Clients clients, Supplier<ServerFacts> facts) {
    this.clients = clients;
    DataCommands data = new DataCommands(keys);
    ServerCommands server = new ServerCommands(this, keys, clients, facts);
    add("get", 2, false, data::get);
    add("set", -3, true, data::set);
    add("del", -2, true, data::del);
    add("exists", -2, false, data::exists);
    add("dbsize", 1, false, data::dbsize);
    add("ping", -1, false, server::ping);
    add("echo", 2, false, server::echo);
    add("info", -1, false, server::info);
    add("role", 1, false, server::role);
    add("client", -2, false, server::client);
    add("command", -1, false, server::command);
    add("select", 2, false, server::select);
    add("quit", -1, false, server::quit);
  }

  private void add(String name, int arity, boolean writes, Function<Call, Outcome> handler) {
    specs.put(name, new Spec(name, arity, writes, handler));
  }

  /** Runs one command; a connection's id comes from {@link Clients#connect}. */
  public Outcome execute(Call call) {
    processed++;
    String typed = new String(call.args().get(0), StandardCharsets.UTF_8);
    Spec spec = specs.get(typed.toLowerCase(Locale.ROOT));
    if (spec == null) {
      return Outcome.answer(Reply.err(unknown(typed, call)));
    }
    clients.touch(call.clientId(), spec.name(), call.nowMillis());
    int n = call.size();
    if (spec.arity() > 0 ? n != spec.arity() : n < -spec.arity()) {
      return Outcome.answer(wrongArity(spec.name()));
    }
    return spec.handler().apply(call);
  }

  /** Commands processed since start, unknown ones included (INFO's total_commands_processed). */
  public long processed() {
    return processed;
  }

  public Collection<Spec> specs() {
    return specs.values();
  }

  /** Redis's words for a command given too few or too many arguments. */
  static Reply wrongArity(String fullName) {
    return Reply.err("wrong number of arguments for '" + fullName + "' command");
  }

  /** Redis's words: the name as typed, then up to 128 characters of its first arguments. */
  private static String unknown(String typed, Call call) {
    StringBuilder args = new StringBuilder();
    for (int i = 1; i < call.size() && args.length() < 128; i++) {
      String arg = call.text(i);
      int room = 128 - args.length();
      args.append('\'').append(arg, 0, Math.min(arg.length(), room)).append("' ");
    }
    String name = typed.length() > 128 ? typed.substring(0, 128) : typed;
    return "unknown command '" + name + "', with args beginning with: " + args;
  }
}
