package workshop.fault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one fault from one line of text, such as {@code partition node-1,node-2 | node-3} or {@code
 * delay node-2 100ms jitter 20ms}. Every mistake is refused with a message that names the word,
 * says what was wrong and shows the expected form. The same words drive the simulator and real
 * processes.
 *
 * <p>Two characters of the vocabulary mean something else to a shell: {@code |} (a pipe) and {@code
 * >} in {@code node-1->node-2} (a redirection). So that {@code ./workshop net} needs no quotes,
 * each has a word too, read the same everywhere: {@code partition node-1,node-2 from node-3} is
 * {@code partition node-1,node-2 | node-3}, and {@code block node-1 to node-2} is {@code block
 * node-1->node-2}. Both words are therefore not node names.
 */
public final class FaultParser {
  /** Each fault word and its form, in the order a help text lists them. */
  public static final Map<String, String> FORMS = forms();

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]*");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");
  private static final Pattern PERCENT = Pattern.compile("-?\\d+(?:\\.\\d+)?%");
  private static final Pattern RATE = Pattern.compile("(\\d{1,10})(b|kb|mb)/s");

  /** The fastest bandwidth limit: beyond a gigabyte a second, loopback is the limit anyway. */
  static final long MAX_RATE = 1_000_000_000L;

  private FaultParser() {}

  private static Map<String, String> forms() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "partition",
        "partition <node,node,...> | <node,...> [| ...] [reject] ('from' may stand for '|'), or"
            + " partition halves, isolate <node>, majority-ring or bridge <node>");
    m.put("block", "block <from>-><to> [reject] (or block <from> to <to>)");
    m.put("delay", "delay <node|from->to|all> <duration> [jitter <duration>]");
    m.put("loss", "loss <node|from->to|all> <percent>");
    m.put("bandwidth", "bandwidth <node|from->to|all> <rate> (such as 100kB/s, 1MB/s or 500B/s)");
    m.put("duplicate", "duplicate <node|from->to|all> <percent>");
    m.put("reorder", "reorder <node|from->to|all> <percent>");
    m.put("crash", "crash <node>");
    m.put("restart", "restart <node> [wipe]");
    m.put("pause", "pause <node>");
    m.put("resume", "resume <node>");
    m.put("skew", "skew <node> <+|-duration> [drift <percent>]");
    m.put("heal", "heal");
    return Collections.unmodifiableMap(m);
  }

  /**
   * @throws IllegalArgumentException with a message naming what was expected
   */
  public static Fault parse(String line) {
    String text = line == null ? "" : line.trim();
    if (text.isEmpty()) {
      throw new IllegalArgumentException(
          "no fault given; expected one of: " + String.join(", ", FORMS.keySet()));
    }
    String[] words = text.split("\\s+");
    String word = words[0].toLowerCase(Locale.ROOT);
    if (!FORMS.containsKey(word)) {
      throw new IllegalArgumentException(
          "'"
              + words[0]
              + "' is not a fault; expected one of: "
              + String.join(", ", FORMS.keySet()));
    }
    String[] args = Arrays.copyOfRange(words, 1, words.length);
    Words w = new Words(word, args);
    Fault fault =
        switch (word) {
          case "partition" -> partition(w, text.substring(words[0].length()).trim());
          case "block" -> block(w);
          case "delay" -> delay(w);
          case "loss" -> new Fault.Loss(w.target(), w.percent(0, 100));
          case "bandwidth" -> new Fault.Bandwidth(w.target(), w.rate());
          case "duplicate" -> new Fault.Duplicate(w.target(), w.percent(0, 100));
          case "reorder" -> new Fault.Reorder(w.target(), w.percent(0, 100));
          case "crash" -> new Fault.Crash(w.node());
          case "restart" -> new Fault.Restart(w.node(), w.optionalFlag("wipe"));
          case "pause" -> new Fault.Pause(w.node());
          case "resume" -> new Fault.Resume(w.node());
          case "skew" -> skew(w);
          default -> new Fault.Heal();
        };
    w.end();
    return fault;
  }

  private static Fault partition(Words w, String rest) {
    String[] first = rest.isEmpty() ? new String[0] : rest.split("\\s+");
    String shape = first.length == 0 ? "" : first[0].toLowerCase(Locale.ROOT);
    Fault.Shape cut =
        switch (shape) {
          case "halves" -> {
            w.next();
            yield new Fault.Halves();
          }
          case "majority-ring" -> {
            w.next();
            yield new Fault.MajorityRing();
          }
          case "isolate" -> {
            w.next();
            yield new Fault.Isolate(w.node());
          }
          case "bridge" -> {
            w.next();
            yield new Fault.Bridge(w.node());
          }
          default -> null;
        };
    if (cut != null) {
      return new Fault.Partition(cut, w.optionalFlag("reject"));
    }
    w.consumeAll();
    boolean reject = first.length > 0 && first[first.length - 1].equalsIgnoreCase("reject");
    String sides = reject ? rest.substring(0, rest.length() - "reject".length()) : rest;
    return new Fault.Partition(new Fault.Groups(groups(w, sides)), reject);
  }

  private static List<List<String>> groups(Words w, String rest) {
    String[] sides = rest.replaceAll("(?i)(^|\\s)from(?=\\s|$)", "$1|").split("\\|", -1);
    if (sides.length < 2) {
      throw w.error(
          "expected two or more groups separated by '|' (or the word 'from'), or a named shape");
    }
    List<List<String>> groups = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String side : sides) {
      List<String> group = new ArrayList<>();
      for (String raw : side.split(",", -1)) {
        String name = w.checkName(raw.trim());
        if (!seen.add(name)) {
          throw w.error(name + " is listed twice; a node can be on one side only");
        }
        group.add(name);
      }
      groups.add(group);
    }
    return groups;
  }

  private static Fault block(Words w) {
    Target t = w.target();
    if (t instanceof Target.Node n && n.name().endsWith("-")) {
      throw w.error(
          "'"
              + n.name()
              + "' looks like the start of "
              + n.name()
              + "><to> cut short by the shell, which read '>' as a redirection (and wrote"
              + " whatever followed to a file of that name): quote it, 'node-1->node-2', or write"
              + " node-1 to node-2");
    }
    if (!(t instanceof Target.Link link)) {
      throw w.error("expected one direction of one link, such as node-1->node-2");
    }
    return new Fault.Block(link.from(), link.to(), w.optionalFlag("reject"));
  }

  private static Fault delay(Words w) {
    Target target = w.target();
    Duration amount = w.duration();
    Duration jitter = Duration.ZERO;
    if (w.optionalFlag("jitter")) {
      jitter = w.duration();
    }
    return new Fault.Delay(target, amount, jitter);
  }

  private static Fault skew(Words w) {
    String node = w.node();
    String raw = w.next();
    boolean negative = raw.startsWith("-");
    String unsigned = raw.startsWith("-") || raw.startsWith("+") ? raw.substring(1) : raw;
    Duration offset = w.duration(unsigned);
    double drift = 0;
    if (w.optionalFlag("drift")) {
      drift = w.percent(-50, 50);
    }
    return new Fault.Skew(node, negative ? offset.negated() : offset, drift);
  }

  /**
   * Reads a duration as the vocabulary writes it: {@code 100ms}, {@code 2s}, {@code 1.5s}, {@code
   * 1m}.
   *
   * @throws IllegalArgumentException saying how to write one
   */
  public static Duration parseDuration(String text) {
    return new Words("duration", new String[0]).duration(text.trim());
  }

  /** {@code 100ms}, {@code 2s}: how the vocabulary writes a duration. */
  public static String duration(Duration d) {
    long ms = d.toMillis();
    return ms >= 1000 && ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /** {@code 100kB/s}, {@code 1MB/s}, {@code 1500B/s}: how the vocabulary writes a rate. */
  static String rate(long bytesPerSecond) {
    if (bytesPerSecond >= 1_000_000 && bytesPerSecond % 1_000_000 == 0) {
      return bytesPerSecond / 1_000_000 + "MB/s";
    }
    if (bytesPerSecond >= 1000 && bytesPerSecond % 1000 == 0) {
      return bytesPerSecond / 1000 + "kB/s";
    }
    return bytesPerSecond + "B/s";
  }

  /** {@code 5%}, {@code 0.5%}. */
  static String percent(double p) {
    return BigDecimal.valueOf(p).stripTrailingZeros().toPlainString() + "%";
  }

  /** The arguments after the fault's word, read left to right. */
  private static final class Words {
    private final String word;
    private final String[] args;
    private int at;

    Words(String word, String[] args) {
      this.word = word;
      this.args = args;
    }

    IllegalArgumentException error(String problem) {
      String form = FORMS.get(word);
      return new IllegalArgumentException(
          word + ": " + problem + (form == null ? "" : "; expected: " + form));
    }

    String next() {
      if (at >= args.length) {
        throw error(
            "missing " + (at == 0 ? "arguments" : "an argument after '" + args[at - 1] + "'"));
      }
      return args[at++];
    }

    void consumeAll() {
      at = args.length;
    }

    boolean optionalFlag(String flag) {
      if (at < args.length && args[at].equalsIgnoreCase(flag)) {
        at++;
        return true;
      }
      return false;
    }

    void end() {
      if (at < args.length) {
        throw error("unexpected '" + args[at] + "'");
      }
    }

    String checkName(String name) {
      if (name.equalsIgnoreCase("from") || name.equalsIgnoreCase("to")) {
        throw error(
            "'"
                + name
                + "' is a word of the vocabulary ('from' separates the sides of a partition,"
                + " 'to' the ends of a link), not a node name");
      }
      if (!NAME.matcher(name).matches() || name.contains("->")) {
        throw error(
            "'" + name + "' is not a node name (letters, digits, '.', ':', '-'; such as node-2)");
      }
      return name;
    }

    String node() {
      return checkName(next());
    }

    Target target() {
      String t = next();
      if (t.equalsIgnoreCase("all")) {
        return new Target.All();
      }
      int arrow = t.indexOf("->");
      if (arrow < 0 && at < args.length && args[at].equalsIgnoreCase("to")) {
        at++;
        String to = checkName(next());
        return link(checkName(t), to, t + " to " + to);
      }
      if (arrow < 0) {
        return new Target.Node(checkName(t));
      }
      return link(checkName(t.substring(0, arrow)), checkName(t.substring(arrow + 2)), t);
    }

    private Target link(String from, String to, String written) {
      if (from.equals(to)) {
        throw error(written + " is a link from a node to itself");
      }
      return new Target.Link(from, to);
    }

    Duration duration() {
      return duration(next());
    }

    Duration duration(String raw) {
      var m = DURATION.matcher(raw.toLowerCase(Locale.ROOT));
      if (!m.matches() && raw.startsWith("-") && DURATION.matcher(raw.substring(1)).matches()) {
        throw error("'" + raw + "' is negative; a duration here is 0ms or more");
      }
      if (!m.matches()) {
        throw error("'" + raw + "' is not a duration; write it like 100ms, 2s or 1.5s");
      }
      double n = Double.parseDouble(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1000;
            default -> 60_000;
          };
      double ms = n * unit;
      if (ms > 24 * 3_600_000.0) {
        throw error("'" + raw + "' is longer than a day");
      }
      return Duration.ofMillis(Math.round(ms));
    }

    long rate() {
      String raw = next();
      var m = RATE.matcher(raw.toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw error(
            "'"
                + raw
                + "' is not a rate; write it like 100kB/s, 1MB/s or 500B/s (bytes a second; k ="
                + " 1000)");
      }
      long unit =
          switch (m.group(2)) {
            case "b" -> 1;
            case "kb" -> 1000;
            default -> 1_000_000;
          };
      long rate = Long.parseLong(m.group(1)) * unit;
      if (rate > MAX_RATE) {
        throw error("'" + raw + "' is above 1000MB/s; loopback is slower than that anyway");
      }
      return rate;
    }

    double percent(double min, double max) {
      String raw = next();
      if (!PERCENT.matcher(raw).matches()) {
        throw error("'" + raw + "' is not a percentage; write it like 5% or 0.5%");
      }
      double p = Double.parseDouble(raw.substring(0, raw.length() - 1));
      if (p < min || p > max) {
        throw error(
            raw + " is outside " + FaultParser.percent(min) + " to " + FaultParser.percent(max));
      }
      return p;
    }
  }
}
