package workshop.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import workshop.module.WorkshopModule;
import workshop.support.cli.UserError;

/**
 * {@code ./workshop up 23 --port registry=5050}: a module's processes on other ports, with every
 * reference following. Moving a process changes its own {@code --port}, and in every other
 * process's arguments and in the hints {@code up} prints, each mention of the old port: in a URL
 * ({@code --registry http://localhost:5000}), in a list of ports ({@code --neighbors
 * 7002,7003,7004}), and where a command reaches it by default ({@link DefaultsThatMove}: the
 * balancer's default backends, the dashboard's default registry).
 *
 * <p>Pure: text in, text out; the picocli part lives in {@link DefaultsThatMove}.
 */
final class PortMoves {
  private static final Pattern MOVE = Pattern.compile("([A-Za-z0-9._-]+)=(\\d{1,5})");
  private static final Pattern URL_PORT = Pattern.compile("(://[^/:\\s,]+):(\\d{1,5})(?!\\d)");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])\\d{1,5}(?![\\d.])");
  private static final Pattern PORT_LIST = Pattern.compile("\\d{1,5}(,\\d{1,5})*");

  private final Map<Integer, Integer> moved;

  private PortMoves(Map<Integer, Integer> moved) {
    this.moved = Map.copyOf(moved);
  }

  /** No moves at all. */
  static PortMoves none() {
    return new PortMoves(Map.of());
  }

  /** Old port to new, for every moved process. */
  Map<Integer, Integer> moved() {
    return moved;
  }

  boolean isEmpty() {
    return moved.isEmpty();
  }

  /**
   * Checks {@code NAME=PORT} moves against a module's processes.
   *
   * @throws UserError naming the process, the port and what is allowed
   */
  static PortMoves parse(WorkshopModule module, List<String> moves) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (WorkshopModule.Process p : module.processes()) {
      ports.put(p.name(), portOf(p.args()));
    }
    String names = String.join(", ", ports.keySet());
    Map<Integer, Integer> moved = new LinkedHashMap<>();
    Map<String, Integer> after = new LinkedHashMap<>(ports);
    for (String move : moves) {
      Matcher m = MOVE.matcher(move.trim());
      if (!m.matches()) {
        throw new UserError(
            "--port takes NAME=PORT, the process to move and its new port, like --port "
                + module.processes().get(0).name()
                + "="
                + example(ports.values().iterator().next())
                + " (module "
                + module.id()
                + "'s processes: "
                + names
                + "); got '"
                + move
                + "'");
      }
      String name = m.group(1);
      int port = Integer.parseInt(m.group(2));
      if (!ports.containsKey(name)) {
        throw new UserError(
            "module " + module.id() + " has no process '" + name + "'; its processes: " + names);
      }
      if (ports.get(name) == null) {
        throw new UserError(name + " takes no --port, so it cannot be moved");
      }
      if (port < 1 || port > 65_535) {
        throw new UserError("--port " + name + "=" + port + ": a port is 1-65535");
      }
      if (moved.containsKey(ports.get(name))) {
        throw new UserError("--port moves " + name + " twice; give it one new port");
      }
      moved.put(ports.get(name), port);
      after.put(name, port);
    }
    // Checked once all moves are known, so two processes may swap ports.
    for (String name : after.keySet()) {
      for (Map.Entry<String, Integer> other : after.entrySet()) {
        Integer port = after.get(name);
        if (port != null
            && !other.getKey().equals(name)
            && port.equals(other.getValue())
            && !port.equals(ports.get(name))) {
          throw new UserError(
              "--port " + name + "=" + port + ": " + other.getKey() + " uses port " + port);
        }
      }
    }
    return new PortMoves(moved);
  }

  /** The value of {@code --port} in a process's arguments, or null. */
  static Integer portOf(List<String> args) {
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals("--port") && args.get(i + 1).matches("\\d{1,5}")) {
        return Integer.parseInt(args.get(i + 1));
      }
    }
    for (String a : args) {
      if (a.startsWith("--port=") && a.substring(7).matches("\\d{1,5}")) {
        return Integer.parseInt(a.substring(7));
      }
    }
    return null;
  }

  /** One argument with moved ports changed: a URL's port, or a port in a list of ports. */
  String value(String arg) {
    if (moved.isEmpty()) {
      return arg;
    }
    if (PORT_LIST.matcher(arg).matches()) {
      List<String> out = new ArrayList<>();
      for (String p : arg.split(",")) {
        Integer to = moved.get(Integer.parseInt(p));
        out.add(to == null ? p : to.toString());
      }
      return String.join(",", out);
    }
    Matcher m = URL_PORT.matcher(arg);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Integer to = moved.get(Integer.parseInt(m.group(2)));
      m.appendReplacement(
          out, Matcher.quoteReplacement(m.group(1) + ":" + (to == null ? m.group(2) : to)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A process's arguments with every moved port changed ({@code --port} included). */
  List<String> args(List<String> args) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--") && a.contains("=")) {
        int eq = a.indexOf('=');
        out.add(a.substring(0, eq + 1) + value(a.substring(eq + 1)));
      } else {
        out.add(value(a));
      }
    }
    return out;
  }

  /** A hint with every mention of a moved port changed (URLs, and the port on its own). */
  String hint(String hint) {
    // One pass, so moving 5001 to 5002 and 5002 to 5003 does not move 5001 twice.
    Matcher m = NUMBER.matcher(hint);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Integer to = moved.get(Integer.parseInt(m.group()));
      m.appendReplacement(out, to == null ? m.group() : to.toString());
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code registry 5000 -> 5050, node-1 5001 -> 6001}, in the module's order. */
  String describe(WorkshopModule module) {
    List<String> parts = new ArrayList<>();
    for (WorkshopModule.Process p : module.processes()) {
      Integer from = portOf(p.args());
      if (from != null && moved.containsKey(from)) {
        parts.add(p.name() + " " + from + " -> " + moved.get(from));
      }
    }
    return String.join(", ", parts);
  }

  private static int example(Integer port) {
    return port == null ? 5050 : port + 50;
  }
}
